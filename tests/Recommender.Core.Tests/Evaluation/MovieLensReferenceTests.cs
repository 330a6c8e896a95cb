using Recommender.Core.Evaluation;
using Recommender.Core.Tests.TestData;

namespace Recommender.Core.Tests.Evaluation;

/// <summary>Our protocol against the peers' reference implementation on real data.</summary>
public sealed class MovieLensReferenceTests
{
    [Fact]
    public void Popularity_OnU1_MatchesRankEvalPy()
    {
        // Arrange: figures printed by /work/shared/peers/rank_eval.py's evaluate() with popularity_scorer on u1
        // (ids − 1, 1,682 movies, k = 10, rel = 4), an independent implementation of the same protocol.
        var (train, test) = MovieLens.LoadFold(1);

        // Act
        var result = RankingEvaluator.Evaluate(train, test, new PopularityScorer(train));

        // Assert
        Assert.Equal(456, result.Metrics.Users);
        Assert.Equal(0.2135964912280702, result.Metrics.Precision, 10);
        Assert.Equal(0.11800967978994209, result.Metrics.Recall, 10);
        Assert.Equal(0.2450737726080048, result.Metrics.Ndcg, 10);
    }
}
