using Recommender.Core.Data;

namespace Recommender.Core.Training;

/// <summary>
/// Each user's rated movies as sorted runs in one array (CSR), so negative sampling can reject a rated movie with a
/// binary search instead of a hash set per user.
/// </summary>
/// <remarks>Built in O(n log n) from a rating set; duplicates of a (user, movie) pair are kept, which is harmless.</remarks>
internal sealed class RatedMovies
{
    private readonly int[] _starts;
    private readonly int[] _movies;

    private RatedMovies(int[] starts, int[] movies)
    {
        _starts = starts;
        _movies = movies;
    }

    /// <summary>Groups <paramref name="ratings"/> by user, movies sorted within each user.</summary>
    public static RatedMovies From(RatingSet ratings, int userCount)
    {
        var starts = new int[userCount + 1];
        foreach (var u in ratings.Users)
        {
            starts[u + 1]++;
        }

        for (var u = 0; u < userCount; u++)
        {
            starts[u + 1] += starts[u];
        }

        var movies = new int[ratings.Count];
        var next = (int[])starts.Clone();
        for (var i = 0; i < ratings.Count; i++)
        {
            movies[next[ratings.Users[i]]++] = ratings.Movies[i];
        }

        for (var u = 0; u < userCount; u++)
        {
            Array.Sort(movies, starts[u], starts[u + 1] - starts[u]);
        }

        return new RatedMovies(starts, movies);
    }

    /// <summary>One user's movies, sorted (for a single user's fold-in).</summary>
    public static int[] SortedCopy(ReadOnlySpan<int> movies)
    {
        var sorted = movies.ToArray();
        Array.Sort(sorted);
        return sorted;
    }

    /// <summary>The sorted movies of <paramref name="user"/>.</summary>
    public ReadOnlySpan<int> Of(int user) => _movies.AsSpan(_starts[user], _starts[user + 1] - _starts[user]);

    /// <summary>
    /// Draws up to <paramref name="destination"/>.Length movies uniformly from those not in <paramref name="rated"/>,
    /// rejecting rated ones; returns how many it drew (fewer only when nearly every movie is rated).
    /// </summary>
    public static int SampleNegatives(ReadOnlySpan<int> rated, int movieCount, Span<int> destination, ref SplitMix64 rng)
    {
        if (rated.Length >= movieCount)
        {
            return 0;
        }

        var drawn = 0;

        // Rejection sampling: with a fraction f of movies rated, each draw needs 1/(1 − f) tries on average, so the
        // bound only matters for users who rated almost everything.
        for (var attempt = 0; drawn < destination.Length && attempt < 64 * destination.Length; attempt++)
        {
            var m = rng.NextInt(movieCount);
            if (rated.BinarySearch(m) < 0)
            {
                destination[drawn++] = m;
            }
        }

        return drawn;
    }
}
