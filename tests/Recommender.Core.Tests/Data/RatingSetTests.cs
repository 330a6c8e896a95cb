using Recommender.Core.Data;

namespace Recommender.Core.Tests.Data;

public sealed class RatingSetTests
{
    [Fact]
    public void Constructor_LengthMismatch_Throws() =>
        Assert.Throws<ArgumentException>(() => new RatingSet([0, 1], [0], [1f, 2f]));

    [Fact]
    public void Constructor_IndexOutOfRange_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new RatingSet([0, 5], [0, 0], [1f, 2f], userCount: 3));

    [Fact]
    public void Constructor_NaNValue_Throws() =>
        Assert.Throws<ArgumentException>(() => new RatingSet([0], [0], [float.NaN]));

    [Fact]
    public void Constructor_NoCounts_InfersMaxPlusOne()
    {
        var set = new RatingSet([0, 4], [2, 1], [1f, 3f]);

        Assert.Equal(5, set.UserCount);
        Assert.Equal(3, set.MovieCount);
        Assert.Equal(2f, set.Mean());
    }

    [Fact]
    public void Split_SameSeed_SameDisjointPartsKeepingCounts()
    {
        // Arrange
        var n = 1000;
        var users = Enumerable.Range(0, n).Select(i => i % 37).ToArray();
        var movies = Enumerable.Range(0, n).Select(i => i % 53).ToArray();
        var values = Enumerable.Range(0, n).Select(i => (float)i).ToArray();
        var set = new RatingSet(users, movies, values, 40, 60);

        // Act
        var (trainA, validationA) = set.Split(0.2, 9);
        var (trainB, validationB) = set.Split(0.2, 9);

        // Assert
        Assert.Equal(800, trainA.Count);
        Assert.Equal(200, validationA.Count);
        Assert.Equal(validationA.Values, validationB.Values);
        Assert.Equal(trainA.Values, trainB.Values);
        Assert.Equal(n, trainA.Values.Concat(validationA.Values).Distinct().Count());
        Assert.Equal(40, validationA.UserCount);
        Assert.Equal(60, trainA.MovieCount);
    }

    [Fact]
    public void Split_FractionOutOfRange_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new RatingSet([0], [0], [1f]).Split(1.0, 1));
}
