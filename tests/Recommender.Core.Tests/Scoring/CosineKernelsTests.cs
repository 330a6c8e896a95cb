using Recommender.Core.Scoring;

using static Recommender.Core.Tests.Scoring.ScoringTestData;

namespace Recommender.Core.Tests.Scoring;

public sealed class CosineKernelsTests
{
    private const int Block = CosineKernels.BlockRows;

    private static int Padded(int dim) => (dim + 15) / 16 * 16;

    private static float[] PaddedRows(float[] rows, int count, int dim)
    {
        var stride = Padded(dim);
        var result = new float[count * stride];
        for (var r = 0; r < count; r++)
        {
            rows.AsSpan(r * dim, dim).CopyTo(result.AsSpan(r * stride));
        }

        return result;
    }

    /// <summary>The exact dot product, plus the rounding tolerance scaled by the sum of |a_j·b_j|.</summary>
    private static double ScalarDot(ReadOnlySpan<float> a, ReadOnlySpan<float> b, out double tolerance)
    {
        var sum = 0.0;
        var magnitude = 0.0;
        for (var j = 0; j < a.Length; j++)
        {
            sum += (double)a[j] * b[j];
            magnitude += Math.Abs((double)a[j] * b[j]);
        }

        tolerance = Tolerance(a.Length) * Math.Max(1, magnitude);
        return sum;
    }

    [Fact]
    public void Dot_EveryLength1To257_MatchesScalarLoop()
    {
        for (var dim = 1; dim <= 257; dim++)
        {
            // Arrange
            var stride = Padded(dim);
            var a = PaddedRows(RandomMatrix(dim, 1, dim), 1, dim);
            var b = PaddedRows(RandomMatrix(-dim, 1, dim), 1, dim);

            // Act
            var actual = CosineKernels.Dot(ref a[0], ref b[0], stride);

            // Assert
            var expected = ScalarDot(a, b, out var tolerance);
            Assert.InRange(actual, expected - tolerance, expected + tolerance);
        }
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(64, 13)]
    [InlineData(37, 64)]
    [InlineData(64, 257)]
    public void DotRows_AnyShape_MatchesScalarDotPerRow(int rows, int dim)
    {
        // Arrange
        var stride = Padded(dim);
        var matrix = PaddedRows(RandomMatrix(1, rows, dim), rows, dim);
        var query = PaddedRows(RandomMatrix(2, 1, dim), 1, dim);
        var scores = new float[Block];

        // Act
        CosineKernels.DotRows(matrix, stride, rows, query, scores);

        // Assert
        for (var r = 0; r < rows; r++)
        {
            Assert.Equal(CosineKernels.Dot(ref matrix[r * stride], ref query[0], stride), scores[r]);
            var expected = ScalarDot(matrix.AsSpan(r * stride, stride), query, out var tolerance);
            Assert.InRange(scores[r], expected - tolerance, expected + tolerance);
        }
    }

    [Fact]
    public void AboveThreshold_RandomScores_MatchesScalarCompare()
    {
        // Arrange
        var scores = RandomMatrix(3, 1, Block);
        scores[5] = 0.25f;
        foreach (var threshold in new[] { float.NegativeInfinity, -0.5f, 0f, 0.25f, 0.9f, 2f })
        {
            ulong expected = 0;
            for (var i = 0; i < Block; i++)
            {
                if (scores[i] > threshold)
                {
                    expected |= 1UL << i;
                }
            }

            // Act
            var actual = CosineKernels.AboveThreshold(scores, threshold);

            // Assert
            Assert.Equal(expected, actual);
        }
    }

    [Theory]
    [InlineData(64, 7)]
    [InlineData(13, 64)]
    [InlineData(1, 1)]
    public void TransposePanel_AnyShape_MatchesScalarTranspose(int rows, int dim)
    {
        // Arrange
        var stride = Padded(dim);
        var matrix = PaddedRows(RandomMatrix(4, rows, dim), rows, dim);
        var panel = Enumerable.Repeat(float.NaN, dim * Block).ToArray();

        // Act
        CosineKernels.TransposePanel(matrix, stride, rows, dim, panel);

        // Assert
        for (var j = 0; j < dim; j++)
        {
            for (var r = 0; r < Block; r++)
            {
                Assert.Equal(r < rows ? matrix[(r * stride) + j] : 0f, panel[(j * Block) + r]);
            }
        }
    }

    [Fact]
    public void ScorePanel_EveryDimensionAndQueryCount_MatchesScalarProduct()
    {
        for (var dim = 1; dim <= 257; dim += dim < 20 ? 1 : 17)
        {
            for (var queryCount = 1; queryCount <= 9; queryCount += 4)
            {
                // Arrange
                var stride = Padded(dim);
                var panel = RandomMatrix(dim, dim, Block);
                var queries = PaddedRows(RandomMatrix(dim + queryCount, queryCount, dim), queryCount, dim);
                var scores = new float[queryCount * Block];

                // Act
                CosineKernels.ScorePanel(panel, dim, queries, stride, queryCount, scores);

                // Assert
                for (var t = 0; t < queryCount; t++)
                {
                    for (var r = 0; r < Block; r++)
                    {
                        var column = Enumerable.Range(0, dim).Select(j => panel[(j * Block) + r]).ToArray();
                        var expected = ScalarDot(column, queries.AsSpan(t * stride, dim), out var tolerance);
                        Assert.InRange(scores[(t * Block) + r], expected - tolerance, expected + tolerance);
                    }
                }
            }
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(100)]
    [InlineData(1000)]
    public void TopKHeap_RandomStreamWithTies_EqualsSortAndTake(int k)
    {
        // Arrange
        var random = new Random(k);
        var hits = Enumerable.Range(0, 600).Select(r => new ScoredRow(r, random.Next(50) / 10f)).ToArray();
        var expected = hits.OrderByDescending(x => x.Score).ThenBy(x => x.Row).Take(k).ToArray();
        var buffer = new ScoredRow[Math.Min(k, hits.Length)];

        // Act: push in a shuffled order, so ties must be resolved by row, not arrival.
        var heap = new TopKHeap(buffer);
        foreach (var hit in hits.OrderBy(_ => random.Next()))
        {
            heap.Push(hit.Row, hit.Score);
        }

        var count = heap.SortDescending();

        // Assert
        Assert.Equal(expected, buffer[..count]);
    }
}
