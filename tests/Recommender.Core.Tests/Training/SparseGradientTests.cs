using Recommender.Core.Training;

namespace Recommender.Core.Tests.Training;

public sealed class SparseGradientTests
{
    [Fact]
    public void Add_DuplicateRows_CoalescedInFirstTouchOrder()
    {
        // Arrange
        var gradient = new SparseGradient(2, capacity: 1);

        // Act
        gradient.Add(7, [1f, 2f]);
        gradient.Add(3, [5f, 5f]);
        gradient.Add(7, [10f, 20f]);

        // Assert
        Assert.Equal([7, 3], gradient.Rows.ToArray());
        Assert.Equal([2, 1], gradient.Counts.ToArray());
        Assert.Equal([11f, 22f, 5f, 5f], gradient.Values.ToArray());
    }

    [Fact]
    public void Clear_ThenAdd_StartsFromZero()
    {
        var gradient = new SparseGradient(1);
        gradient.Add(1000, 3f);
        gradient.Clear();

        gradient.Add(1000, 2f);

        Assert.Equal(1, gradient.Count);
        Assert.Equal(2f, gradient.Values[0]);
        Assert.Equal(1, gradient.Counts[0]);
    }

    [Fact]
    public void Touch_NegativeRow_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new SparseGradient(1).Touch(-1));
}
