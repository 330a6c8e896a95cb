using Recommender.Core.Scoring;

namespace Recommender.Core.Tests.Scoring;

public sealed class RowFilterTests
{
    [Fact]
    public void Set_SomeRows_IsSetAndCountReflectThem()
    {
        // Arrange
        var filter = new RowFilter(130);

        // Act
        filter.Set(0);
        filter.Set(63);
        filter.Set(64);
        filter.Set(129);
        filter.Set(129);

        // Assert
        Assert.Equal(4, filter.Count);
        Assert.True(filter.IsSet(63));
        Assert.True(filter.IsSet(64));
        Assert.False(filter.IsSet(65));
        Assert.False(filter.IsSet(130));
        Assert.False(filter.IsSet(-1));
    }

    [Fact]
    public void FromRows_Duplicates_CountsDistinctRows()
    {
        // Act
        var filter = RowFilter.FromRows(10, [1, 1, 9, 4]);

        // Assert
        Assert.Equal(3, filter.Count);
        Assert.Equal(10, filter.Capacity);
    }

    [Fact]
    public void Union_DifferentCapacities_HoldsBothAndLargerCapacity()
    {
        // Arrange
        var left = RowFilter.FromRows(10, [1, 2]);
        var right = RowFilter.FromRows(200, [2, 150]);

        // Act
        var union = RowFilter.Union(left, right);
        left.UnionWith(right);

        // Assert
        Assert.Equal(200, union.Capacity);
        Assert.Equal(3, union.Count);
        Assert.True(union.IsSet(150));
        Assert.Equal(2, left.Count);
    }

    [Fact]
    public void Clear_SetRow_RemovesIt()
    {
        // Arrange
        var filter = RowFilter.FromRows(5, [3]);

        // Act
        filter.Clear(3);

        // Assert
        Assert.Equal(0, filter.Count);
    }

    [Fact]
    public void Set_OutOfRange_Throws()
    {
        var filter = new RowFilter(5);
        Assert.Throws<ArgumentOutOfRangeException>(() => filter.Set(5));
        Assert.Throws<ArgumentOutOfRangeException>(() => filter.Set(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RowFilter(-1));
    }
}
