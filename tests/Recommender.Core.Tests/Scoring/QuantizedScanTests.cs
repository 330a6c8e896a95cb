using Recommender.Core.Scoring;

using static Recommender.Core.Tests.Scoring.ScoringTestData;

namespace Recommender.Core.Tests.Scoring;

/// <summary>
/// The int8 pre-scan of large indexes: its score bound holds for every row, and a search through it returns exactly
/// what the float scan returns (same rows, bit-identical scores, same tie order). Without AVX2 the kernel runs its
/// scalar twin and the index scans floats only, so these still hold.
/// </summary>
public sealed class QuantizedScanTests
{
    [Theory]
    [InlineData(32)]
    [InlineData(64)]
    [InlineData(288)]
    [InlineData(1024)]
    public void Dot_MatchesScalarReference_IncludingExtremeCodes(int length)
    {
        var random = new Random(length);
        var levels = (short)Math.Min(short.MaxValue, int.MaxValue / (length * 127L));
        var row = new sbyte[length];
        var query = new short[length];
        for (var trial = 0; trial < 50; trial++)
        {
            for (var j = 0; j < length; j++)
            {
                // Trial 0 is the worst case for overflow: every product at its largest magnitude.
                row[j] = trial == 0 ? (sbyte)-127 : (sbyte)random.Next(-127, 128);
                query[j] = trial == 0 ? (short)-levels : (short)random.Next(-levels, levels + 1);
            }

            var expected = 0L;
            for (var j = 0; j < length; j++)
            {
                expected += row[j] * (long)query[j];
            }

            Assert.Equal(expected, QuantizedKernels.Dot(row, query));
            Assert.Equal(expected, QuantizedKernels.DotScalar(ref row[0], ref query[0], length));
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(64)]
    [InlineData(65)]
    [InlineData(257)]
    [InlineData(700)]
    public void Score_BoundHoldsForEveryRow(int dim)
    {
        const int count = 400;
        var rows = SkewedMatrix(dim, count, dim);
        var index = new CosineIndex(rows, count, dim) { UsesQuantizedScan = true };
        var quantized = new QuantizedRows(Padded(index), 0, count, index.Stride, dim);
        var codes = new short[quantized.CodeStride];
        for (var q = 0; q < 20; q++)
        {
            var query = Normalized(SkewedMatrix(1000 + q, 1, dim));
            Assert.True(quantized.QuantizeQuery(query, codes, out var code));
            for (var r = 0; r < count; r++)
            {
                var exact = index.Similarity(r, query);
                var (estimate, bound) = quantized.Score(r, ref codes[0], code);
                Assert.InRange(exact, estimate - bound, estimate + bound);
            }
        }
    }

    [Theory]
    [InlineData(1000, 64, 10)]
    [InlineData(1000, 64, 1)]
    [InlineData(3000, 50, 100)]
    [InlineData(130, 16, 200)]
    [InlineData(2049, 257, 10)]
    public void Search_QuantizedEqualsFloatScan(int count, int dim, int k)
    {
        var rows = RandomMatrix(count, count, dim);
        var (plain, quantized) = Pair(rows, count, dim);
        for (var q = 0; q < 10; q++)
        {
            var query = RandomMatrix(500 + q, 1, dim);
            AssertSame(plain.Search(query, k), quantized.Search(query, k));
        }
    }

    [Fact]
    public void Search_DuplicateAndZeroRows_SameTieOrder()
    {
        const int dim = 24;
        const int count = 900;
        var basis = RandomMatrix(3, 5, dim);
        var rows = new float[count * dim];
        for (var r = 0; r < count; r++)
        {
            // Rows are copies (at different scales) of five vectors, and every ninth row is zero: many exact ties.
            if (r % 9 != 0)
            {
                for (var j = 0; j < dim; j++)
                {
                    rows[(r * dim) + j] = basis[((r % 5) * dim) + j] * (1 + (r % 4));
                }
            }
        }

        var (plain, quantized) = Pair(rows, count, dim);
        foreach (var query in new[] { basis.AsSpan(0, dim).ToArray(), RandomMatrix(11, 1, dim), new float[dim] })
        {
            AssertSame(plain.Search(query, 37), quantized.Search(query, 37));
        }
    }

    [Fact]
    public void Search_WithFilters_SameAsFloatScan()
    {
        const int dim = 32;
        const int count = 2000;
        var rows = RandomMatrix(8, count, dim);
        var (plain, quantized) = Pair(rows, count, dim);
        var query = RandomMatrix(9, 1, dim);
        var exclude = RowFilter.FromRows(count, Enumerable.Range(0, count).Where(r => r % 3 == 0).ToArray());
        var include = RowFilter.FromRows(count, Enumerable.Range(0, count).Where(r => r % 7 < 2).ToArray());
        var few = RowFilter.FromRows(count, [5, 700, 1999]);
        var none = new RowFilter(count);

        AssertSame(plain.Search(query, 10, exclude), quantized.Search(query, 10, exclude));
        AssertSame(plain.Search(query, 10, exclude, include), quantized.Search(query, 10, exclude, include));
        AssertSame(plain.Search(query, 10, include: few), quantized.Search(query, 10, include: few));
        Assert.Empty(quantized.Search(query, 10, include: none));
    }

    [Fact]
    public void Search_ParallelRanges_SameAsFloatScan()
    {
        const int dim = 64;
        const int count = 20_000;
        var rows = RandomMatrix(21, count, dim);
        var plain = new CosineIndex(rows, count, dim) { UsesQuantizedScan = false, ParallelWorkThreshold = long.MaxValue };
        var quantized = new CosineIndex(rows, count, dim) { UsesQuantizedScan = true, ParallelWorkThreshold = 1, MaxThreads = 3 };
        for (var q = 0; q < 5; q++)
        {
            var query = RandomMatrix(40 + q, 1, dim);
            AssertSame(plain.Search(query, 10), quantized.Search(query, 10));
        }
    }

    [Fact]
    public void Constructor_LargeIndex_UsesQuantizedScan_SmallIndexDoesNot()
    {
        const int dim = 64;
        var largeCount = (int)(CosineIndex.DefaultQuantizedWorkThreshold / dim);
        var large = new CosineIndex(new float[largeCount * dim], largeCount, dim);
        var small = new CosineIndex(new float[(largeCount - 1) * dim], largeCount - 1, dim);

        Assert.Equal(QuantizedKernels.IsSupported, large.UsesQuantizedScan);
        Assert.False(small.UsesQuantizedScan);
    }

    private static (CosineIndex Plain, CosineIndex Quantized) Pair(float[] rows, int count, int dim) =>
        (new CosineIndex(rows, count, dim) { UsesQuantizedScan = false }, new CosineIndex(rows, count, dim) { UsesQuantizedScan = true });

    private static void AssertSame(ScoredRow[] expected, ScoredRow[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i].Row, actual[i].Row);
            Assert.Equal(BitConverter.SingleToInt32Bits(expected[i].Score), BitConverter.SingleToInt32Bits(actual[i].Score));
        }
    }

    /// <summary>Random rows with a few large coordinates, so per-row scales and L1 norms vary widely.</summary>
    private static float[] SkewedMatrix(int seed, int count, int dim)
    {
        var values = RandomMatrix(seed, count, dim);
        var random = new Random(seed + 1);
        for (var i = 0; i < values.Length; i++)
        {
            if (random.Next(16) == 0)
            {
                values[i] *= 40;
            }
        }

        return values;
    }

    private static float[] Normalized(float[] vector)
    {
        var norm = (float)Math.Sqrt(vector.Sum(v => (double)v * v));
        return vector.Select(v => v / norm).ToArray();
    }

    private static float[] Padded(CosineIndex index)
    {
        var padded = new float[index.Count * index.Stride];
        for (var r = 0; r < index.Count; r++)
        {
            index.NormalizedRow(r).CopyTo(padded.AsSpan(r * index.Stride));
        }

        return padded;
    }
}
