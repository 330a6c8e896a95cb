using Recommender.Core.Data;
using Recommender.Core.Scoring;

namespace Recommender.Core.Evaluation;

/// <summary>
/// Top-k evaluation of a scorer against held-out ratings, with the protocol of the peers' <c>rank_eval.py</c>:
/// every user with at least one held-out rating ≥ the threshold is evaluated; the candidates are all movies the
/// user has not rated in train (held-out movies rated below the threshold and never-rated movies stay in as
/// non-relevant); the k best candidates by score, ties broken by the lower movie index, form the list.
/// </summary>
/// <remarks>
/// Users run in parallel; per-user results are averaged in user order, so the result does not depend on the
/// thread count. Candidates scoring NaN or −∞ are never listed. O(users × (movies × scoring cost + movies × log k)).
/// </remarks>
public static class RankingEvaluator
{
    /// <summary>Evaluates <paramref name="scorer"/> on <paramref name="test"/>, excluding what each user rated in <paramref name="train"/>.</summary>
    /// <param name="train">The ratings the scorer was fitted on (their movies are excluded from each user's candidates).</param>
    /// <param name="test">The held-out ratings, over the same id vocabulary as <paramref name="train"/>.</param>
    /// <param name="scorer">Scores all movies for a user; its <see cref="IRankingScorer.MovieCount"/> is the catalogue size.</param>
    /// <param name="options">k and the relevance threshold; defaults when null.</param>
    /// <exception cref="ArgumentException">A rating names a movie the scorer does not score.</exception>
    public static RankingResult Evaluate(RatingSet train, RatingSet test, IRankingScorer scorer, RankingOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(test);
        ArgumentNullException.ThrowIfNull(scorer);
        options ??= new RankingOptions();
        options.Validate();
        var movieCount = scorer.MovieCount;
        if (train.MovieCount > movieCount || test.MovieCount > movieCount)
        {
            throw new ArgumentException($"the scorer scores {movieCount} movies but the ratings have {Math.Max(train.MovieCount, test.MovieCount)}", nameof(scorer));
        }

        var userCount = Math.Max(train.UserCount, test.UserCount);
        var trainByUser = ByUser(train, userCount, float.NegativeInfinity);
        var relevantByUser = ByUser(test, userCount, options.RelevanceThreshold);
        var testUsers = new bool[userCount];
        foreach (var u in test.Users)
        {
            testUsers[u] = true;
        }

        var evaluated = new List<int>();
        var skipped = 0;
        for (var u = 0; u < userCount; u++)
        {
            if (relevantByUser.Count(u) > 0)
            {
                evaluated.Add(u);
            }
            else if (testUsers[u])
            {
                skipped++;
            }
        }

        var k = options.K;
        var perUser = new RankingMetrics[evaluated.Count];
        var lists = new int[evaluated.Count * k];
        var listLengths = new int[evaluated.Count];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.Threads == 0 ? Environment.ProcessorCount : options.Threads };
        Parallel.For(
            0,
            evaluated.Count,
            parallel,
            () => new Worker(movieCount, k),
            (i, _, worker) =>
            {
                var u = evaluated[i];
                var list = lists.AsSpan(i * k, k);
                listLengths[i] = worker.TopK(scorer, u, trainByUser.Items(u), list);
                perUser[i] = worker.Measure(list[..listLengths[i]], relevantByUser.Items(u), k);
                return worker;
            },
            _ => { });

        var recommended = new bool[movieCount];
        var distinct = 0;
        for (var i = 0; i < evaluated.Count; i++)
        {
            foreach (var m in lists.AsSpan(i * k, listLengths[i]))
            {
                if (!recommended[m])
                {
                    recommended[m] = true;
                    distinct++;
                }
            }
        }

        var coverage = movieCount == 0 ? 0 : (double)distinct / movieCount;
        return new RankingResult(RankingMetrics.Mean(perUser), coverage, skipped);
    }

    // Movies per user in CSR form, keeping only ratings at or above the threshold.
    private static UserLists ByUser(RatingSet ratings, int userCount, float threshold)
    {
        var starts = new int[userCount + 1];
        for (var i = 0; i < ratings.Count; i++)
        {
            if (ratings.Values[i] >= threshold)
            {
                starts[ratings.Users[i] + 1]++;
            }
        }

        for (var u = 0; u < userCount; u++)
        {
            starts[u + 1] += starts[u];
        }

        var movies = new int[starts[userCount]];
        var next = starts[..^1];
        for (var i = 0; i < ratings.Count; i++)
        {
            if (ratings.Values[i] >= threshold)
            {
                movies[next[ratings.Users[i]]++] = ratings.Movies[i];
            }
        }

        return new UserLists(starts, movies);
    }

    private sealed class UserLists(int[] starts, int[] movies)
    {
        public ReadOnlySpan<int> Items(int user) => movies.AsSpan(starts[user], starts[user + 1] - starts[user]);

        public int Count(int user) => starts[user + 1] - starts[user];
    }

    // Per-thread scratch: the score row, the heap buffer and a relevance mask that is cleared after each user.
    private sealed class Worker(int movieCount, int k)
    {
        private readonly float[] _scores = new float[movieCount];
        private readonly ScoredRow[] _heap = new ScoredRow[k];
        private readonly bool[] _relevant = new bool[movieCount];

        public int TopK(IRankingScorer scorer, int user, ReadOnlySpan<int> rated, Span<int> list)
        {
            scorer.Score(user, _scores);
            foreach (var m in rated)
            {
                _scores[m] = float.NaN;
            }

            var heap = new TopKHeap(_heap);
            for (var m = 0; m < _scores.Length; m++)
            {
                var s = _scores[m];
                // NaN marks rated movies (and a scorer's "never"); −∞ is a scorer's "never" too.
                if (!float.IsNaN(s) && s != float.NegativeInfinity)
                {
                    heap.Push(m, s);
                }
            }

            var n = heap.SortDescending();
            for (var i = 0; i < n; i++)
            {
                list[i] = _heap[i].Row;
            }

            return n;
        }

        public RankingMetrics Measure(ReadOnlySpan<int> list, ReadOnlySpan<int> relevant, int k)
        {
            // Count distinct movies: one rated twice in test is still one relevant item.
            var count = 0;
            foreach (var m in relevant)
            {
                if (!_relevant[m])
                {
                    _relevant[m] = true;
                    count++;
                }
            }

            var mask = _relevant;
            var result = RankingMetrics.ForUser(list, m => mask[m], count, k);
            foreach (var m in relevant)
            {
                _relevant[m] = false;
            }

            return result;
        }
    }
}
