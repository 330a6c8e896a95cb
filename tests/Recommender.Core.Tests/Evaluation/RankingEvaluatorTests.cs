using Recommender.Core.Data;
using Recommender.Core.Evaluation;

namespace Recommender.Core.Tests.Evaluation;

public sealed class RankingEvaluatorTests
{
    private const double Tolerance = 1e-12;

    /// <summary>Scores from a fixed table, one row per user.</summary>
    private sealed class TableScorer(float[][] rows) : IRankingScorer
    {
        public int MovieCount => rows[0].Length;

        public void Score(int user, Span<float> scores) => rows[user].CopyTo(scores);
    }

    [Fact]
    public void Evaluate_ExcludesTrainMoviesAndSkipsUsersWithoutRelevantItems()
    {
        // Arrange: 3 users, 6 movies, k = 2.
        // user 0 rated movie 0 in train (highest score, must be excluded); held-out 3 (5★), 1 (2★).
        // user 1 has only a 3★ held-out rating: skipped. user 2 held-out 5 (4★).
        var train = new RatingSet([0, 1, 2], [0, 2, 1], [5f, 4f, 3f], 3, 6);
        var test = new RatingSet([0, 0, 1, 2], [3, 1, 4, 5], [5f, 2f, 3f, 4f], 3, 6);
        var scorer = new TableScorer([
            [9f, 8f, 1f, 7f, 0f, 0f], // candidates 1..5 → top 2: 1 (8), 3 (7): hit at rank 2
            [0f, 0f, 0f, 0f, 0f, 0f],
            [0f, 0f, 0f, 0f, 0f, 1f], // 5 first (hit at rank 1), then a tie at 0 among 0, 2, 3, 4 → lowest index 0
        ]);

        // Act
        var result = RankingEvaluator.Evaluate(train, test, scorer, new RankingOptions { K = 2, Threads = 1 });

        // Assert
        Assert.Equal(2, result.Metrics.Users);
        Assert.Equal(1, result.SkippedUsers);
        Assert.Equal(((1.0 / 2) + (1.0 / 2)) / 2, result.Metrics.Precision, Tolerance);
        Assert.Equal((1.0 + 1.0) / 2, result.Metrics.Recall, Tolerance);
        Assert.Equal(((1.0 / Math.Log2(3)) + 1.0) / 2, result.Metrics.Ndcg, Tolerance);
        Assert.Equal((0.5 + 1.0) / 2, result.Metrics.AveragePrecision, Tolerance);
        Assert.Equal(1.0, result.Metrics.HitRate, Tolerance);
        Assert.Equal(4.0 / 6, result.Coverage, Tolerance); // lists {1, 3} and {5, 0}
    }

    [Fact]
    public void Evaluate_TiesBreakByLowerMovieIndex()
    {
        // Arrange: all scores equal; relevant movie 2; k = 2 → list [0, 1] (0 rated in train → [1, 2]).
        var train = new RatingSet([0], [0], [3f], 1, 4);
        var test = new RatingSet([0], [2], [4f], 1, 4);
        var scorer = new TableScorer([[1f, 1f, 1f, 1f]]);

        // Act
        var result = RankingEvaluator.Evaluate(train, test, scorer, new RankingOptions { K = 2 });

        // Assert: hit at rank 2.
        Assert.Equal(1.0 / Math.Log2(3), result.Metrics.Ndcg, Tolerance);
        Assert.Equal(0.5, result.Metrics.Precision, Tolerance);
    }

    [Fact]
    public void Evaluate_ThresholdIsAParameter()
    {
        var train = new RatingSet([0], [0], [3f], 1, 3);
        var test = new RatingSet([0], [1], [3f], 1, 3);
        var scorer = new TableScorer([[0f, 1f, 0f]]);

        var strict = RankingEvaluator.Evaluate(train, test, scorer, new RankingOptions { K = 1 });
        var lenient = RankingEvaluator.Evaluate(train, test, scorer, new RankingOptions { K = 1, RelevanceThreshold = 3f });

        Assert.Equal(0, strict.Metrics.Users);
        Assert.Equal(1, lenient.Metrics.Users);
        Assert.Equal(1.0, lenient.Metrics.Precision, Tolerance);
    }

    [Fact]
    public void Evaluate_SameResultForAnyThreadCount()
    {
        // Arrange: a random-ish problem with many users.
        var (train, test) = RandomSplit(users: 200, movies: 50, seed: 3);
        var popularity = new PopularityScorer(train);

        // Act
        var one = RankingEvaluator.Evaluate(train, test, popularity, new RankingOptions { Threads = 1 });
        var four = RankingEvaluator.Evaluate(train, test, popularity, new RankingOptions { Threads = 4 });

        // Assert
        Assert.Equal(one, four);
        Assert.True(one.Metrics.Users > 100);
    }

    [Fact]
    public void Evaluate_KOutOfRange_ThrowsNamingK()
    {
        var set = new RatingSet([0], [0], [4f], 1, 1);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() =>
            RankingEvaluator.Evaluate(set, set, new PopularityScorer(set), new RankingOptions { K = 0 }));
        Assert.Equal("K", e.ParamName);
    }

    internal static (RatingSet Train, RatingSet Test) RandomSplit(int users, int movies, int seed)
    {
        var random = new Random(seed);
        var u = new List<int>();
        var m = new List<int>();
        var v = new List<float>();
        for (var i = 0; i < users; i++)
        {
            foreach (var j in Enumerable.Range(0, movies).Where(_ => random.NextDouble() < 0.3))
            {
                u.Add(i);
                m.Add(j);
                v.Add(random.Next(1, 6));
            }
        }

        var all = new RatingSet(u.ToArray(), m.ToArray(), v.ToArray(), users, movies);
        return all.Split(0.2, (ulong)seed);
    }
}
