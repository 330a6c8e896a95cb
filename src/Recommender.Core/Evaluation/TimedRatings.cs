using Recommender.Core.Data;

namespace Recommender.Core.Evaluation;

/// <summary>A rating set with the time of each rating (seconds since the Unix epoch), for temporal splits.</summary>
public sealed record TimedRatings
{
    /// <summary>Pairs <paramref name="ratings"/> with one timestamp per rating.</summary>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    public TimedRatings(RatingSet ratings, long[] timestamps)
    {
        ArgumentNullException.ThrowIfNull(ratings);
        ArgumentNullException.ThrowIfNull(timestamps);
        if (timestamps.Length != ratings.Count)
        {
            throw new ArgumentException($"{timestamps.Length} timestamps for {ratings.Count} ratings", nameof(timestamps));
        }

        Ratings = ratings;
        Timestamps = timestamps;
    }

    /// <summary>The ratings.</summary>
    public RatingSet Ratings { get; }

    /// <summary>When each rating was made.</summary>
    public long[] Timestamps { get; }
}
