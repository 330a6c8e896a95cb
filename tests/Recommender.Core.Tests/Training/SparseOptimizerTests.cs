using Recommender.Core.Embeddings;
using Recommender.Core.Training;

namespace Recommender.Core.Tests.Training;

public sealed class SparseOptimizerTests
{
    public static TheoryData<OptimizerKind> Kinds() => new() { OptimizerKind.Sgd, OptimizerKind.Adagrad, OptimizerKind.SparseAdam };

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Step_TouchedRows_UntouchedRowsAndStateBitIdentical(OptimizerKind kind)
    {
        // Arrange
        var table = EmbeddingTable.Random(100, 9, 0.1f, 5);
        var optimizer = SparseOptimizer.Create(kind, table, 0.05f, 0.1f);
        optimizer.Step(Gradient(9, (1, 1f), (5, -2f), (50, 0.5f)));
        var valuesBefore = table.Values.ToArray();
        var stateBefore = State(optimizer);

        // Act
        var updated = optimizer.Step(Gradient(9, (5, 1f), (60, -1f), (5, 0.25f)));

        // Assert
        Assert.Equal(2, updated);
        var valuesAfter = table.Values.ToArray();
        var stateAfter = State(optimizer);
        var perRowState = stateBefore.Length / 100;
        for (var row = 0; row < 100; row++)
        {
            var touched = row is 5 or 60;
            var rowSame = valuesBefore.AsSpan(row * 9, 9).SequenceEqual(valuesAfter.AsSpan(row * 9, 9));
            Assert.Equal(!touched, rowSame);
            if (!touched && perRowState > 0)
            {
                Assert.True(stateBefore.AsSpan(row * perRowState, perRowState).SequenceEqual(stateAfter.AsSpan(row * perRowState, perRowState)));
            }
        }
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Step_HugeTable_VisitsOnlyTouchedRows(OptimizerKind kind)
    {
        // Arrange
        var small = SparseOptimizer.Create(kind, EmbeddingTable.Random(20, 8, 0.1f, 1), 0.01f, 0.05f);
        var huge = SparseOptimizer.Create(kind, EmbeddingTable.Random(400_000, 8, 0.1f, 1), 0.01f, 0.05f);

        // Act
        for (var step = 0; step < 10; step++)
        {
            small.Step(Gradient(8, (3, 1f), (7, 1f), (3, 1f)));
            huge.Step(Gradient(8, (3, 1f), (7, 1f), (3, 1f)));
        }

        // Assert
        Assert.Equal(20, small.RowsVisited);
        Assert.Equal(small.RowsVisited, huge.RowsVisited);
    }

    [Fact]
    public void Step_RowOutsideTable_Throws()
    {
        var optimizer = SparseOptimizer.Create(OptimizerKind.Sgd, EmbeddingTable.Zeros(3, 2), 0.1f, 0f);

        Assert.Throws<ArgumentOutOfRangeException>(() => optimizer.Step(Gradient(2, (3, 1f))));
    }

    [Fact]
    public void Step_TableGrew_NewRowsGetFreshState()
    {
        var table = EmbeddingTable.Random(4, 3, 0.1f, 1);
        var optimizer = (SparseAdagrad)SparseOptimizer.Create(OptimizerKind.Adagrad, table, 0.1f, 0f);
        table.AppendRows(1000);

        optimizer.Step(Gradient(3, (1003, 1f)));

        Assert.Equal(1004, optimizer.Accumulators.Length);
        Assert.Equal(SparseAdagrad.InitialAccumulator, optimizer.Accumulators[1002]);
        Assert.True(optimizer.Accumulators[1003] > SparseAdagrad.InitialAccumulator);
    }

    [Fact]
    public void SparseAdam_TwoSteps_MatchesTorchSparseAdamRule()
    {
        // Arrange
        var table = new EmbeddingTable([1f, -1f], 2, 1);
        var optimizer = (SparseAdam)SparseOptimizer.Create(OptimizerKind.SparseAdam, table, 0.1f, 0f);

        // Act
        optimizer.Step(Gradient(1, (0, 0.5f)));
        optimizer.Step(Gradient(1, (1, 2f)));

        // Assert: row 1 is first touched at global step 2, so its bias correction uses t = 2.
        var m = 0.1 * 2.0;
        var v = 0.001 * 4.0;
        var step = 0.1 * Math.Sqrt(1 - Math.Pow(0.999, 2)) / (1 - Math.Pow(0.9, 2));
        Assert.Equal(-1.0 - (step * m / (Math.Sqrt(v) + 1e-8)), table.Row(1)[0], 5);
        Assert.Equal(2, optimizer.StepCount);
    }

    internal static SparseGradient Gradient(int dim, params (int Row, float Value)[] entries)
    {
        var gradient = new SparseGradient(dim);
        foreach (var (row, value) in entries)
        {
            var g = new float[dim];
            for (var k = 0; k < dim; k++)
            {
                g[k] = value * (k + 1) / dim;
            }

            gradient.Add(row, g);
        }

        return gradient;
    }

    private static float[] Interleave(float[] first, float[] second, int dim)
    {
        // Row r's state becomes [m_r, v_r], so state can be compared row by row.
        var result = new float[first.Length * 2];
        for (var row = 0; row < first.Length / dim; row++)
        {
            first.AsSpan(row * dim, dim).CopyTo(result.AsSpan(row * 2 * dim, dim));
            second.AsSpan(row * dim, dim).CopyTo(result.AsSpan((row * 2 * dim) + dim, dim));
        }

        return result;
    }

    private static float[] State(SparseOptimizer optimizer) => optimizer switch
    {
        SparseAdagrad adagrad => adagrad.Accumulators.ToArray(),
        SparseAdam adam => Interleave(adam.FirstMoments.ToArray(), adam.SecondMoments.ToArray(), adam.Table.Dim),
        _ => [],
    };
}
