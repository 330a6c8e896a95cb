namespace Recommender.Core;

/// <summary>A user or movie id that the store or the model does not know.</summary>
public sealed class UnknownEntityException : Exception
{
    /// <summary>Creates the exception for one unknown id.</summary>
    /// <param name="entityKind">"user" or "movie".</param>
    /// <param name="id">The external id that was not found.</param>
    /// <param name="rowIndex">The 0-based row of a bulk request that named the id, if any.</param>
    public UnknownEntityException(string entityKind, string id, int? rowIndex = null)
        : base(rowIndex is int row
            ? $"row {row}: {entityKind} '{id}' is not known"
            : $"{entityKind} '{id}' is not known")
    {
        EntityKind = entityKind;
        Id = id;
        RowIndex = rowIndex;
    }

    /// <summary>"user" or "movie".</summary>
    public string EntityKind { get; }

    /// <summary>The external id that was not found.</summary>
    public string Id { get; }

    /// <summary>The 0-based row of a bulk request that named the id, or null for a single request.</summary>
    public int? RowIndex { get; }
}
