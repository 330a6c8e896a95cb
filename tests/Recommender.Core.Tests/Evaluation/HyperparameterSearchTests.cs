using Recommender.Core.Evaluation;
using Recommender.Core.Training;

namespace Recommender.Core.Tests.Evaluation;

public sealed class HyperparameterSearchTests
{
    private static readonly SearchSpace s_small = new()
    {
        Dimensions = [2, 4],
        Epochs = [3, 6],
        Regularizations = [0.02f, 0.1f],
        Optimizers = [new(OptimizerKind.Sgd, 1, [0.01f, 0.05f]), new(OptimizerKind.Adagrad, 8, [0.1f])],
    };

    [Fact]
    public void Sample_BaselineFirstThenDistinctConfigurationsFromTheSpace()
    {
        // Arrange
        var baseline = new TrainingOptions { Threads = 1 };

        // Act
        var configurations = HyperparameterSearch.Sample(s_small, baseline, 10, seed: 3);

        // Assert
        Assert.Equal(10, configurations.Count);
        Assert.Same(baseline, configurations[0]);
        Assert.Equal(configurations.Count, configurations.Distinct().Count());
        foreach (var c in configurations.Skip(1))
        {
            Assert.Contains(c.Dimensions, s_small.Dimensions);
            Assert.Contains(c.Epochs, s_small.Epochs);
            Assert.Contains(c.Regularization, s_small.Regularizations);
            var optimizer = Assert.Single(s_small.Optimizers, o => o.Optimizer == c.Optimizer);
            Assert.Equal(optimizer.BatchSize, c.BatchSize);
            Assert.Contains(c.LearningRate, optimizer.LearningRates);
            Assert.Equal(1, c.Threads); // the rest of the baseline is kept
        }
    }

    [Fact]
    public void Sample_MoreTrialsThanTheSpace_StopsAtEveryConfigurationOnce()
    {
        var configurations = HyperparameterSearch.Sample(s_small, new TrainingOptions(), 1000, seed: 1);

        Assert.Equal(s_small.Size + 1, configurations.Count);
    }

    [Fact]
    public void Run_ReportsEveryTrialAndPicksTheLowestValidationRmse()
    {
        // Arrange
        var (train, _) = RankingEvaluatorTests.RandomSplit(users: 80, movies: 30, seed: 5);

        // Act
        var result = HyperparameterSearch.Run([train], s_small, new TrainingOptions { Threads = 1, Epochs = 3, Dimensions = 2 }, 5, 9, 0.2, new RatingRange(1, 5));

        // Assert
        Assert.Equal(5, result.Trials.Count);
        Assert.Equal(Enumerable.Range(0, 5), result.Trials.Select(t => t.Index));
        Assert.All(result.Trials, t => Assert.True(double.IsFinite(t.ValidationRmse) && t.ValidationRmse > 0));
        Assert.Equal(result.Trials.Min(t => t.ValidationRmse), result.Best.ValidationRmse);
        Assert.Equal(3, result.Baseline.Options.Epochs);
    }

    [Fact]
    public void Run_ZeroTrials_ThrowsNamingTrials()
    {
        var (train, _) = RankingEvaluatorTests.RandomSplit(users: 10, movies: 10, seed: 5);

        var e = Assert.Throws<ArgumentOutOfRangeException>(() =>
            HyperparameterSearch.Run([train], s_small, new TrainingOptions(), 0, 1, 0.1, RatingRange.Default));

        Assert.Equal("trials", e.ParamName);
    }
}
