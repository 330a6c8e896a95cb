using Recommender.Core.Training;

namespace Recommender.Core.Tests.Training;

public sealed class TrainingMemoryEstimateTests
{
    [Fact]
    public void Bytes_AtLeastTheTablesAndRatingArraysTrainingAllocates()
    {
        // Arrange: the trainer holds P, Q (d floats a row) and the biases, and the ratings as three 4-byte columns.
        var options = new TrainingOptions { Dimensions = 64 };
        const long ratings = 100_000, users = 943, movies = 1682;
        var floor = ((users + movies) * (64 + 1) * sizeof(float)) + (ratings * 12);

        // Act
        var bytes = TrainingMemoryEstimate.Bytes(ratings, users, movies, options);

        // Assert
        Assert.True(bytes >= floor, $"{bytes} bytes is below the {floor} bytes the arrays themselves take");
    }

    [Fact]
    public void Bytes_GrowsWithDimensionsAndOptimizerState()
    {
        var sgd = new TrainingOptions { Dimensions = 32, Optimizer = OptimizerKind.Sgd };

        var small = TrainingMemoryEstimate.Bytes(1000, 100, 100, sgd);
        var wide = TrainingMemoryEstimate.Bytes(1000, 100, 100, sgd with { Dimensions = 256 });
        var adagrad = TrainingMemoryEstimate.Bytes(1000, 100, 100, sgd with { Optimizer = OptimizerKind.Adagrad });
        var adam = TrainingMemoryEstimate.Bytes(1000, 100, 100, sgd with { Optimizer = OptimizerKind.SparseAdam });

        Assert.True(wide > small);
        Assert.True(adagrad > small);
        Assert.True(adam > adagrad);
    }

    [Fact]
    public void Bytes_NegativeCount_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => TrainingMemoryEstimate.Bytes(-1, 1, 1, new TrainingOptions()));
    }
}
