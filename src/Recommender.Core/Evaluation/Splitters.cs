using Recommender.Core.Data;

namespace Recommender.Core.Evaluation;

/// <summary>
/// Train/test splits of one rating set. Every split keeps the set's user and movie counts, so train and test
/// share one id vocabulary, and every rating lands in exactly one of the two parts.
/// </summary>
public static class Splitters
{
    /// <summary>
    /// Seeded random k-fold: ratings are shuffled once and dealt into <paramref name="folds"/> near-equal parts;
    /// split i tests on part i and trains on the rest, so the test parts are disjoint and together cover the data.
    /// </summary>
    /// <param name="ratings">All ratings.</param>
    /// <param name="folds">Number of folds, 2–100.</param>
    /// <param name="seed">The same seed gives the same folds.</param>
    /// <remarks>Part sizes differ by at most one. A user may end up with no training ratings. O(folds × n).</remarks>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="folds"/> is outside 2–100.</exception>
    public static IReadOnlyList<Split> RandomKFold(RatingSet ratings, int folds, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(ratings);
        if (folds is < 2 or > 100)
        {
            throw new ArgumentOutOfRangeException(nameof(folds), folds, "must be in [2, 100]");
        }

        var n = ratings.Count;
        var perm = SplitMix64.Permutation(n, seed);

        var fold = new int[n];
        for (var i = 0; i < n; i++)
        {
            fold[perm[i]] = i % folds;
        }

        var splits = new Split[folds];
        for (var f = 0; f < folds; f++)
        {
            var current = f;
            splits[f] = Partition(ratings, i => fold[i] == current);
        }

        return splits;
    }

    /// <summary>
    /// Per-user temporal leave-last-n-out: each user's <paramref name="n"/> latest ratings are held out, the rest train.
    /// </summary>
    /// <param name="ratings">All ratings with their times.</param>
    /// <param name="n">Ratings to hold out per user, at least 1.</param>
    /// <remarks>
    /// Users with n or fewer ratings stay wholly in train (a test user with no history cannot be ranked). Equal
    /// timestamps are ordered by input position, so the later line counts as later. O(n log n).
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="n"/> is below 1.</exception>
    public static Split TemporalLeaveLastOut(TimedRatings ratings, int n = 1)
    {
        ArgumentNullException.ThrowIfNull(ratings);
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        var set = ratings.Ratings;
        var times = ratings.Timestamps;
        var order = Enumerable.Range(0, set.Count)
            .OrderBy(i => set.Users[i])
            .ThenBy(i => times[i])
            .ThenBy(i => i)
            .ToArray();
        var isTest = new bool[set.Count];
        var start = 0;
        while (start < order.Length)
        {
            var user = set.Users[order[start]];
            var end = start;
            while (end < order.Length && set.Users[order[end]] == user)
            {
                end++;
            }

            if (end - start > n)
            {
                for (var i = end - n; i < end; i++)
                {
                    isTest[order[i]] = true;
                }
            }

            start = end;
        }

        return Partition(set, i => isTest[i]);
    }

    /// <summary>Splits <paramref name="ratings"/> into train (predicate false) and test (predicate true), keeping input order and counts.</summary>
    public static Split Partition(RatingSet ratings, Func<int, bool> isTest)
    {
        ArgumentNullException.ThrowIfNull(ratings);
        ArgumentNullException.ThrowIfNull(isTest);
        var train = (Users: new List<int>(), Movies: new List<int>(), Values: new List<float>());
        var test = (Users: new List<int>(), Movies: new List<int>(), Values: new List<float>());
        for (var i = 0; i < ratings.Count; i++)
        {
            var part = isTest(i) ? test : train;
            part.Users.Add(ratings.Users[i]);
            part.Movies.Add(ratings.Movies[i]);
            part.Values.Add(ratings.Values[i]);
        }

        return new Split(
            new RatingSet(train.Users.ToArray(), train.Movies.ToArray(), train.Values.ToArray(), ratings.UserCount, ratings.MovieCount),
            new RatingSet(test.Users.ToArray(), test.Movies.ToArray(), test.Values.ToArray(), ratings.UserCount, ratings.MovieCount));
    }
}
