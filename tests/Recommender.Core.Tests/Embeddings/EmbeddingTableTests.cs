using Recommender.Core.Embeddings;

namespace Recommender.Core.Tests.Embeddings;

public sealed class EmbeddingTableTests
{
    [Fact]
    public void Random_SameSeed_BitIdentical()
    {
        var a = EmbeddingTable.Random(50, 7, 0.1f, 3);
        var b = EmbeddingTable.Random(50, 7, 0.1f, 3);

        Assert.True(a.Values.SequenceEqual(b.Values));
        Assert.False(a.Values.SequenceEqual(EmbeddingTable.Random(50, 7, 0.1f, 4).Values));
    }

    [Fact]
    public void Random_LargeTable_HasRequestedStd()
    {
        var table = EmbeddingTable.Random(1000, 64, 0.5f, 1);

        var values = table.Values.ToArray();
        var mean = values.Average();
        var std = Math.Sqrt(values.Select(v => (v - mean) * (v - mean)).Average());
        Assert.InRange(mean, -0.01, 0.01);
        Assert.InRange(std, 0.49, 0.51);
    }

    [Fact]
    public void AppendRows_ManyTimes_ExistingRowsUnchanged()
    {
        // Arrange
        var table = EmbeddingTable.Random(3, 5, 1f, 11);
        var before = table.Values.ToArray();

        // Act
        var first = 0;
        for (var i = 0; i < 100; i++)
        {
            first = table.AppendRows(7, 1f, (ulong)i);
        }

        // Assert
        Assert.Equal(3 + 700, table.Rows);
        Assert.Equal(3 + 693, first);
        Assert.True(table.Values[..before.Length].SequenceEqual(before));
        Assert.True(table.Capacity < 2 * 703 + 8);
    }

    [Fact]
    public void AppendRows_ZeroStd_AppendsZeros()
    {
        var table = EmbeddingTable.Random(2, 3, 1f, 1);

        table.AppendRows(2);

        Assert.True(table.Row(2).ToArray().All(v => v == 0f));
        Assert.True(table.Row(3).ToArray().All(v => v == 0f));
    }

    [Fact]
    public void Row_WritesThrough_AndCloneIsIndependent()
    {
        var table = EmbeddingTable.Zeros(4, 3);
        table.Row(2)[1] = 5f;
        var clone = table.Clone();

        table.Row(2)[1] = 6f;

        Assert.Equal(5f, clone.Row(2)[1]);
        Assert.Equal(6f, table.Values[7]);
    }

    [Fact]
    public void Row_OutOfRange_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => EmbeddingTable.Zeros(4, 3).Row(4));

    [Fact]
    public void Constructor_ShortArray_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new EmbeddingTable(new float[5], 2, 3));
}
