namespace Recommender.Data.Entities;

/// <summary>One row of a model's user or movie embedding table.</summary>
public sealed class ModelFactorEntity
{
    public long ModelId { get; set; }

    public FactorKind Kind { get; set; }

    /// <summary>The internal id of the user or movie this row embeds.</summary>
    public int EntityId { get; set; }

    public float Bias { get; set; }

    /// <summary>The embedding as little-endian float32 values.</summary>
    public required byte[] Vector { get; set; }
}

/// <summary>Which embedding table a factor row belongs to.</summary>
public enum FactorKind
{
    User = 1,
    Movie = 2,
}
