namespace Recommender.Data.Entities;

/// <summary>A catalogue movie, keyed by an internal integer with a unique external id.</summary>
public sealed class MovieEntity
{
    public int Id { get; set; }

    public required string ExternalId { get; set; }

    public required string Title { get; set; }

    public int Year { get; set; }

    /// <summary>Genres joined as <c>|Action|Comedy|</c>: the surrounding bars let a
    /// <c>LIKE '%|Action|%'</c> filter match whole names only.</summary>
    public string Genres { get; set; } = "";
}
