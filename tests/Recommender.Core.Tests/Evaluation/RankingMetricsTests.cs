using Recommender.Core.Evaluation;

namespace Recommender.Core.Tests.Evaluation;

public sealed class RankingMetricsTests
{
    private const double Tolerance = 1e-12;

    [Fact]
    public void ForUser_HitsAtRanks1And3_MatchesHandComputedFigures()
    {
        // Arrange: list [7, 2, 5, 9], relevant {7, 5, 4}, k = 4.
        var relevant = new HashSet<int> { 7, 5, 4 };

        // Act
        var m = RankingMetrics.ForUser([7, 2, 5, 9], relevant.Contains, relevant.Count, 4);

        // Assert: hits at ranks 1 and 3.
        Assert.Equal(2.0 / 4, m.Precision, Tolerance);
        Assert.Equal(2.0 / 3, m.Recall, Tolerance);
        var dcg = 1.0 + (1.0 / 2.0); // 1/log2(2) + 1/log2(4)
        var idcg = 1.0 + (1.0 / Math.Log2(3)) + 0.5; // three relevant, k = 4: ideal hits at ranks 1..3
        Assert.Equal(dcg / idcg, m.Ndcg, Tolerance);
        Assert.Equal(((1.0 / 1) + (2.0 / 3)) / 3, m.AveragePrecision, Tolerance);
        Assert.Equal(1.0, m.HitRate);
    }

    [Fact]
    public void ForUser_FewerRelevantThanK_IdealAndApUseRelevantCount()
    {
        // Arrange: one relevant item at rank 2, k = 5.
        // Act
        var m = RankingMetrics.ForUser([1, 2, 3, 4, 5], x => x == 2, 1, 5);

        // Assert
        Assert.Equal(1.0 / 5, m.Precision, Tolerance);
        Assert.Equal(1.0, m.Recall, Tolerance);
        Assert.Equal(1.0 / Math.Log2(3), m.Ndcg, Tolerance); // IDCG is a single hit at rank 1 = 1
        Assert.Equal(1.0 / 2, m.AveragePrecision, Tolerance);
    }

    [Fact]
    public void ForUser_AllRelevantInIdealOrder_IsPerfect()
    {
        var m = RankingMetrics.ForUser([3, 4], x => x is 3 or 4, 2, 2);

        Assert.Equal(1.0, m.Precision, Tolerance);
        Assert.Equal(1.0, m.Recall, Tolerance);
        Assert.Equal(1.0, m.Ndcg, Tolerance);
        Assert.Equal(1.0, m.AveragePrecision, Tolerance);
    }

    [Fact]
    public void ForUser_MoreRelevantThanK_RecallDividesByAllRelevant()
    {
        // Arrange: 20 relevant items, a perfect list of 10.
        // Act
        var m = RankingMetrics.ForUser(Enumerable.Range(0, 10).ToArray(), x => x < 20, 20, 10);

        // Assert: precision, NDCG and AP are perfect (ideal over min(k, 20) = 10), recall is 10/20.
        Assert.Equal(1.0, m.Precision, Tolerance);
        Assert.Equal(0.5, m.Recall, Tolerance);
        Assert.Equal(1.0, m.Ndcg, Tolerance);
        Assert.Equal(1.0, m.AveragePrecision, Tolerance);
    }

    [Fact]
    public void ForUser_ShortList_PrecisionStillDividesByK()
    {
        var m = RankingMetrics.ForUser([8], x => x == 8, 1, 10);

        Assert.Equal(0.1, m.Precision, Tolerance);
        Assert.Equal(1.0, m.Ndcg, Tolerance);
    }

    [Fact]
    public void ForUser_NoHits_AllZero()
    {
        var m = RankingMetrics.ForUser([1, 2, 3], _ => false, 4, 3);

        Assert.Equal(new RankingMetrics(0, 0, 0, 0, 0, 1), m);
    }

    [Fact]
    public void ForUser_NoRelevant_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => RankingMetrics.ForUser([1], _ => false, 0, 1));

    [Fact]
    public void Mean_AveragesEachMetricOverUsers()
    {
        var a = new RankingMetrics(0.2, 0.4, 0.6, 0.8, 1, 1);
        var b = new RankingMetrics(0.0, 0.2, 0.0, 0.2, 0, 1);

        var mean = RankingMetrics.Mean([a, b]);

        Assert.Equal(0.1, mean.Precision, Tolerance);
        Assert.Equal(0.3, mean.Recall, Tolerance);
        Assert.Equal(0.3, mean.Ndcg, Tolerance);
        Assert.Equal(0.5, mean.AveragePrecision, Tolerance);
        Assert.Equal(0.5, mean.HitRate, Tolerance);
        Assert.Equal(2, mean.Users);
    }
}
