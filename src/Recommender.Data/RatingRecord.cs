namespace Recommender.Data;

/// <summary>A stored rating with external ids; <paramref name="RatedAt"/> is Unix milliseconds (UTC).</summary>
public sealed record RatingRecord(string UserId, string MovieId, float Value, long RatedAt);
