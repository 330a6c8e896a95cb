using Recommender.Core.Scoring;

using static Recommender.Core.Tests.Scoring.ScoringTestData;

namespace Recommender.Core.Tests.Scoring;

public sealed class CosineIndexTests
{
    [Theory]
    [InlineData(1, 16, 1)]
    [InlineData(63, 16, 10)]
    [InlineData(64, 16, 10)]
    [InlineData(65, 33, 10)]
    [InlineData(1000, 64, 10)]
    [InlineData((6 * 512) + 7, 64, 10)]
    [InlineData((6 * 512) + 7, 50, 100)]
    public void Search_RandomMatrix_MatchesNaiveReference(int count, int dim, int k)
    {
        // Arrange
        var rows = RandomMatrix(count + dim, count, dim);
        var index = new CosineIndex(rows, count, dim);
        var queries = RandomMatrix(7, 5, dim);

        for (var q = 0; q < 5; q++)
        {
            var query = queries.AsSpan(q * dim, dim);

            // Act
            var result = index.Search(query, k);

            // Assert
            AssertTopK(Reference(rows, dim, query), result, k, Tolerance(dim));
        }
    }

    [Fact]
    public void Search_EveryDimension1To257_MatchesReference()
    {
        for (var dim = 1; dim <= 257; dim++)
        {
            // Arrange
            const int count = 70;
            var rows = RandomMatrix(dim, count, dim);
            var query = RandomMatrix(1000 + dim, 1, dim);
            var index = new CosineIndex(rows, count, dim);

            // Act
            var result = index.Search(query, 7);

            // Assert
            AssertTopK(Reference(rows, dim, query), result, 7, Tolerance(dim));
        }
    }

    [Fact]
    public void Search_DuplicateRows_TiesGoToLowerIndex()
    {
        // Arrange: three well-separated vectors, each repeated at scattered indices.
        const int dim = 8;
        const int count = 300;
        var basis = RandomMatrix(3, 3, dim);
        var rows = new float[count * dim];
        for (var r = 0; r < count; r++)
        {
            basis.AsSpan(r * 7 % 3 * dim, dim).CopyTo(rows.AsSpan(r * dim));
        }

        var index = new CosineIndex(rows, count, dim);
        var query = basis.AsSpan(0, dim).ToArray();
        var expected = Reference(rows, dim, query).Take(150).Select(x => x.Row).ToArray();

        // Act
        var result = index.Search(query, 150);

        // Assert
        Assert.Equal(expected, result.Select(x => x.Row).ToArray());
    }

    [Fact]
    public void Search_KExceedsCandidates_ReturnsAllCandidatesSorted()
    {
        // Arrange
        const int dim = 12;
        var rows = RandomMatrix(1, 200, dim);
        var index = new CosineIndex(rows, 200, dim);
        var include = RowFilter.FromRows(200, [3, 70, 71, 150, 199]);
        var query = RandomMatrix(2, 1, dim);

        // Act
        var result = index.Search(query, 50, include: include);

        // Assert
        Assert.Equal(5, result.Length);
        AssertTopK(Reference(rows, dim, query, include.IsSet), result, 50, Tolerance(dim));
    }

    [Fact]
    public void Search_KEqualsCount_ReturnsAllRowsSorted()
    {
        // Arrange
        const int dim = 20;
        const int count = 129;
        var rows = RandomMatrix(4, count, dim);
        var index = new CosineIndex(rows, count, dim);
        var query = RandomMatrix(5, 1, dim);

        // Act
        var result = index.Search(query, count);
        var larger = index.Search(query, count * 3);

        // Assert
        AssertTopK(Reference(rows, dim, query), result, count, Tolerance(dim));
        Assert.Equal(result, larger);
    }

    [Fact]
    public void Search_AllRowsExcluded_ReturnsEmpty()
    {
        // Arrange
        const int dim = 4;
        var index = new CosineIndex(RandomMatrix(6, 130, dim), 130, dim);
        var exclude = RowFilter.FromRows(130, Enumerable.Range(0, 130).ToArray());

        // Act
        var result = index.Search(RandomMatrix(7, 1, dim), 10, exclude);
        var emptyInclude = index.Search(RandomMatrix(7, 1, dim), 10, include: new RowFilter(130));

        // Assert
        Assert.Empty(result);
        Assert.Empty(emptyInclude);
    }

    [Theory]
    [InlineData(0.02)]
    [InlineData(0.5)]
    [InlineData(0.95)]
    public void Search_IncludeAndExclude_ReturnsOnlyIncludedNotExcluded(double density)
    {
        // Arrange
        const int dim = 32;
        const int count = 2000;
        var rows = RandomMatrix(8, count, dim);
        var index = new CosineIndex(rows, count, dim);
        var random = new Random(9);
        var include = new RowFilter(count);
        var exclude = new RowFilter(count - 100);
        for (var r = 0; r < count; r++)
        {
            if (random.NextDouble() < density)
            {
                include.Set(r);
            }

            if (r < count - 100 && random.NextDouble() < 0.3)
            {
                exclude.Set(r);
            }
        }

        var query = RandomMatrix(10, 1, dim);

        // Act
        var result = index.Search(query, 25, exclude, include);

        // Assert
        AssertTopK(Reference(rows, dim, query, r => include.IsSet(r) && !exclude.IsSet(r)), result, 25, Tolerance(dim));
    }

    [Theory]
    [InlineData(10)]
    [InlineData(1000)]
    public void Search_ParallelPathForced_EqualsSingleThreaded(int k)
    {
        // Arrange
        const int dim = 24;
        const int count = (6 * 512) + 7;
        var rows = RandomMatrix(11, count, dim);
        var single = new CosineIndex(rows, count, dim) { ParallelWorkThreshold = long.MaxValue };
        var parallel = new CosineIndex(rows, count, dim) { ParallelWorkThreshold = 1, MaxThreads = 3 };
        var exclude = RowFilter.FromRows(count, Enumerable.Range(0, count).Where(r => r % 5 == 0).ToArray());
        var queries = RandomMatrix(12, 4, dim);

        for (var q = 0; q < 4; q++)
        {
            // Act
            var expected = single.Search(queries.AsSpan(q * dim, dim), k, exclude);
            var actual = parallel.Search(queries.AsSpan(q * dim, dim), k, exclude);

            // Assert
            Assert.Equal(expected, actual);
        }
    }

    [Fact]
    public void Search_ParallelManyRanges_EqualsSingleThreaded()
    {
        // Arrange
        const int dim = 3;
        const int count = 40_000;
        var rows = RandomMatrix(22, count, dim);
        var single = new CosineIndex(rows, count, dim) { ParallelWorkThreshold = long.MaxValue };
        var parallel = new CosineIndex(rows, count, dim) { ParallelWorkThreshold = 1, MaxThreads = 2 };
        var include = RowFilter.FromRows(count, Enumerable.Range(0, count).Where(r => r % 3 != 0).ToArray());
        var query = RandomMatrix(23, 1, dim);

        // Act
        var expected = single.Search(query, 50, include: include);
        var actual = parallel.Search(query, 50, include: include);

        // Assert
        Assert.Equal(expected, actual);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void SearchBatch_AnyQueryCount_EqualsSingleSearch(bool forceParallel)
    {
        // Arrange
        const int dim = 37;
        const int count = 1000;
        const int queryCount = 23;
        var rows = RandomMatrix(13, count, dim);
        var index = new CosineIndex(rows, count, dim);
        if (forceParallel)
        {
            index.ParallelWorkThreshold = 1;
            index.MaxThreads = 2;
        }

        var queries = RandomMatrix(14, queryCount, dim);
        var include = RowFilter.FromRows(count, Enumerable.Range(0, count).Where(r => r % 7 != 3).ToArray());
        var exclude = RowFilter.FromRows(count, [1, 2, 3, 500, 999]);
        var own = new RowFilter?[queryCount];
        own[5] = RowFilter.FromRows(count, Enumerable.Range(0, 900).ToArray());

        // Act
        var batch = index.SearchBatch(queries, queryCount, 10, exclude, include, own);

        // Assert
        Assert.Equal(queryCount, batch.Length);
        for (var q = 0; q < queryCount; q++)
        {
            var query = queries.AsSpan(q * dim, dim);
            var excluded = own[q] is { } o ? RowFilter.Union(exclude, o) : exclude;
            var single = index.Search(query, 10, excluded, include);
            AssertTopK(Reference(rows, dim, query, r => include.IsSet(r) && !excluded.IsSet(r)), batch[q], 10, Tolerance(dim));
            Assert.Equal(single.Length, batch[q].Length);
        }
    }

    [Fact]
    public void SearchBatch_ZeroQueriesOrZeroK_ReturnsEmptyResults()
    {
        // Arrange
        var index = new CosineIndex(RandomMatrix(1, 10, 3), 10, 3);

        // Act
        var none = index.SearchBatch([], 0, 5);
        var zeroK = index.SearchBatch(RandomMatrix(2, 2, 3), 2, 0);

        // Assert
        Assert.Empty(none);
        Assert.All(zeroK, Assert.Empty);
    }

    [Fact]
    public void Search_ZeroNormRow_ScoresZero()
    {
        // Arrange
        float[] rows = [1, 0, 0, 0, -1, 0];
        var index = new CosineIndex(rows, 3, 2);

        // Act
        var result = index.Search([1, 0], 3);

        // Assert
        Assert.Equal([new ScoredRow(0, 1), new ScoredRow(1, 0), new ScoredRow(2, -1)], result);
        Assert.Equal(0f, index.Similarity(1, [3, 4]));
        Assert.Equal([0f, 0f], index.NormalizedRow(1).ToArray());
    }

    [Fact]
    public void Search_ZeroQuery_AllScoresZeroLowestIndicesFirst()
    {
        // Arrange
        const int dim = 9;
        var index = new CosineIndex(RandomMatrix(15, 100, dim), 100, dim);

        // Act
        var result = index.Search(new float[dim], 5, RowFilter.FromRows(100, [1]));

        // Assert
        Assert.Equal([0, 2, 3, 4, 5], result.Select(x => x.Row));
        Assert.All(result, x => Assert.Equal(0f, x.Score));
    }

    [Fact]
    public void Search_SpanDestination_SameAsArrayOverload()
    {
        // Arrange
        const int dim = 64;
        var index = new CosineIndex(RandomMatrix(16, 500, dim), 500, dim);
        var query = RandomMatrix(17, 1, dim);
        var destination = new ScoredRow[12];

        // Act
        var written = index.Search(query, destination);

        // Assert
        Assert.Equal(12, written);
        Assert.Equal(index.Search(query, 12), destination);
    }

    [Fact]
    public void Similarity_AnyRow_EqualsSearchScore()
    {
        // Arrange
        const int dim = 48;
        var index = new CosineIndex(RandomMatrix(18, 300, dim), 300, dim);
        var query = RandomMatrix(19, 1, dim);

        // Act
        var result = index.Search(query, 20);

        // Assert
        Assert.All(result, x => Assert.Equal(x.Score, index.Similarity(x.Row, query)));
    }

    [Fact]
    public void NormalizedRow_AnyRow_IsUnitLengthAndAligned()
    {
        // Arrange
        const int dim = 5;
        var rows = RandomMatrix(20, 40, dim);

        // Act
        var index = new CosineIndex(rows, 40, dim);

        // Assert
        Assert.Equal(0UL, (ulong)index.DataAddress % 64);
        Assert.Equal(16, index.Stride);
        for (var r = 0; r < 40; r++)
        {
            var row = index.NormalizedRow(r);
            Assert.Equal(dim, row.Length);
            Assert.InRange(Math.Sqrt(row.ToArray().Sum(v => (double)v * v)), 1 - 1e-6, 1 + 1e-6);
        }
    }

    [Fact]
    public void Search_EmptyIndex_ReturnsEmpty()
    {
        // Arrange
        var index = new CosineIndex([], 0, 4);

        // Act
        var result = index.Search([1, 2, 3, 4], 10);

        // Assert
        Assert.Empty(result);
        Assert.Equal(0, index.Count);
        Assert.Equal(4, index.Dimensions);
    }

    [Fact]
    public void Constructor_BadInput_Throws()
    {
        Assert.Throws<ArgumentException>(() => new CosineIndex([1, float.NaN], 1, 2));
        Assert.Throws<ArgumentException>(() => new CosineIndex([1, 2, 3], 2, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CosineIndex([], 0, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CosineIndex([], -1, 2));
    }

    [Fact]
    public void Search_BadArguments_Throws()
    {
        // Arrange
        var index = new CosineIndex(RandomMatrix(21, 10, 3), 10, 3);

        // Act + Assert
        Assert.Throws<ArgumentException>(() => index.Search([1, 2], 3));
        Assert.Throws<ArgumentException>(() => index.Search([1, 2, float.PositiveInfinity], 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => index.Search([1, 2, 3], -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => index.Similarity(10, [1, 2, 3]));
        Assert.Throws<ArgumentException>(() => index.SearchBatch([1, 2, 3], 2, 3));
    }
}
