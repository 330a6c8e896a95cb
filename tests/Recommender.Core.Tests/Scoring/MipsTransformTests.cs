using Recommender.Core.Scoring;

using static Recommender.Core.Tests.Scoring.ScoringTestData;

namespace Recommender.Core.Tests.Scoring;

public sealed class MipsTransformTests
{
    private static float[] RandomBiases(int seed, int count)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ => (float)((random.NextDouble() * 3) - 1.5)).ToArray();
    }

    [Fact]
    public void AugmentItems_RandomItems_EveryRowHasNormM()
    {
        // Arrange
        const int dim = 6;
        var vectors = RandomMatrix(1, 50, dim);
        var biases = RandomBiases(2, 50);

        // Act
        var items = MipsTransform.AugmentItems(vectors, biases, dim, out var maxNorm);

        // Assert
        Assert.Equal(50 * (dim + 2), items.Length);
        for (var m = 0; m < 50; m++)
        {
            var row = items.AsSpan(m * (dim + 2), dim + 2);
            Assert.Equal(biases[m], row[dim]);
            Assert.InRange(Math.Sqrt(row.ToArray().Sum(v => (double)v * v)), maxNorm * (1 - 1e-6), maxNorm * (1 + 1e-6));
        }
    }

    [Fact]
    public void AugmentQuery_AnyUser_AppendsOneAndZero()
    {
        // Arrange
        var destination = new float[4];

        // Act
        MipsTransform.AugmentQuery([2, 3], destination);

        // Assert
        Assert.Equal([2f, 3f, 1f, 0f], destination);
        Assert.Equal((float)Math.Sqrt(14), MipsTransform.AugmentedQueryNorm([2, 3]));
        Assert.Throws<ArgumentException>(() => MipsTransform.AugmentQuery([2, 3], new float[3]));
    }

    [Theory]
    [InlineData(16, 500, 10)]
    [InlineData(64, 777, 25)]
    public void Search_AugmentedIndex_EqualsBruteForceTopKByPredictedRating(int dim, int items, int k)
    {
        // Arrange
        var vectors = RandomMatrix(3 + dim, items, dim);
        var biases = RandomBiases(4 + dim, items);
        var augmented = MipsTransform.AugmentItems(vectors, biases, dim, out var maxNorm);
        var index = new CosineIndex(augmented, items, dim + 2);
        var users = RandomMatrix(5 + dim, 200, dim);
        var query = new float[dim + 2];

        for (var u = 0; u < 200; u++)
        {
            var user = users.AsSpan(u * dim, dim);
            MipsTransform.AugmentQuery(user, query);
            var userArray = user.ToArray();
            var expected = Enumerable.Range(0, items)
                .Select(m => (Row: m, Score: vectors.AsSpan(m * dim, dim).ToArray().Zip(userArray, (a, b) => (double)a * b).Sum() + biases[m]))
                .OrderByDescending(x => x.Score)
                .ThenBy(x => x.Row)
                .ToArray();
            var queryNorm = MipsTransform.AugmentedQueryNorm(user);

            // Act
            var result = index.Search(query, k);
            var raw = result.Select(x => new ScoredRow(x.Row, MipsTransform.RawScore(x.Score, queryNorm, maxNorm))).ToArray();

            // Assert
            AssertTopK(expected, raw, k, Tolerance(dim) * queryNorm * maxNorm);
        }
    }

    [Fact]
    public void AugmentItems_BadInput_Throws()
    {
        Assert.Throws<ArgumentException>(() => MipsTransform.AugmentItems([1, 2, 3], [1, 2], 2, out _));
        Assert.Throws<ArgumentException>(() => MipsTransform.AugmentItems([1, 2], [float.NaN], 2, out _));
        Assert.Throws<ArgumentOutOfRangeException>(() => MipsTransform.AugmentItems([], [], 0, out _));
    }
}
