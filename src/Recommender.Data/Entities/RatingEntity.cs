namespace Recommender.Data.Entities;

/// <summary>One user's rating of one movie; (UserId, MovieId) is the key.</summary>
public sealed class RatingEntity
{
    public int UserId { get; set; }

    public int MovieId { get; set; }

    public float Value { get; set; }

    /// <summary>Unix time in milliseconds (UTC). An integer keeps bulk writes and ordering cheap in SQLite.</summary>
    public long RatedAt { get; set; }
}
