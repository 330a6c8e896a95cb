using Recommender.Core.Data;
using Recommender.Core.Embeddings;
using Recommender.Core.Tests.TestData;
using Recommender.Core.Training;

namespace Recommender.Core.Tests.Training;

public sealed class MatrixFactorizationTrainerTests
{
    private const int Genres = 4;
    private const int MoviesPerGenre = 25;

    [Theory]
    [InlineData(OptimizerKind.Sgd)]
    [InlineData(OptimizerKind.Adagrad)]
    [InlineData(OptimizerKind.SparseAdam)]
    public void Train_SameSeedOneThread_BitIdenticalTables(OptimizerKind optimizer)
    {
        // Arrange
        var data = GenreRatings(seed: 1);
        var options = new TrainingOptions { Dimensions = 16, Epochs = 4, Threads = 1, Seed = 77, Optimizer = optimizer, BatchSize = 64 };

        // Act
        var a = MatrixFactorizationTrainer.Train(data, null, options);
        var b = MatrixFactorizationTrainer.Train(data, null, options);
        var c = MatrixFactorizationTrainer.Train(data, null, options with { Seed = 78 });

        // Assert
        Assert.True(a.UserFactors.Values.SequenceEqual(b.UserFactors.Values));
        Assert.True(a.MovieFactors.Values.SequenceEqual(b.MovieFactors.Values));
        Assert.True(a.UserBias.Values.SequenceEqual(b.UserBias.Values));
        Assert.True(a.MovieBias.Values.SequenceEqual(b.MovieBias.Values));
        Assert.False(a.MovieFactors.Values.SequenceEqual(c.MovieFactors.Values));
    }

    [Fact]
    public void Train_FusedSgdSameSeedOneThread_BitIdenticalTables()
    {
        // Arrange
        var data = GenreRatings(seed: 1);
        var options = new TrainingOptions { Dimensions = 19, Epochs = 4, Threads = 1, Seed = 77, Optimizer = OptimizerKind.Sgd, BatchSize = 1 };

        // Act
        var a = MatrixFactorizationTrainer.Train(data, null, options);
        var b = MatrixFactorizationTrainer.Train(data, null, options);
        var c = MatrixFactorizationTrainer.Train(data, null, options with { Seed = 78 });

        // Assert
        Assert.True(options.UsesFusedUpdates);
        Assert.True(a.UserFactors.Values.SequenceEqual(b.UserFactors.Values));
        Assert.True(a.MovieFactors.Values.SequenceEqual(b.MovieFactors.Values));
        Assert.True(a.UserBias.Values.SequenceEqual(b.UserBias.Values));
        Assert.True(a.MovieBias.Values.SequenceEqual(b.MovieBias.Values));
        Assert.False(a.MovieFactors.Values.SequenceEqual(c.MovieFactors.Values));
    }

    [Theory]
    [InlineData(ParallelStrategy.Hogwild)]
    [InlineData(ParallelStrategy.Partitioned)]
    public void Train_FusedSgd_MatchesSparseGradientPathWithBatchOne(ParallelStrategy parallelism)
    {
        // Arrange
        var data = GenreRatings(seed: 2);
        var options = new TrainingOptions { Dimensions = 19, Epochs = 3, Threads = 1, Seed = 5, BatchSize = 1, Parallelism = parallelism };

        // Act
        var fused = MatrixFactorizationTrainer.Train(data, null, options);
        var sparse = MatrixFactorizationTrainer.Train(data, null, options with { FusedUpdates = false });

        // Assert
        Assert.False((options with { FusedUpdates = false }).UsesFusedUpdates);
        AssertClose(sparse.UserFactors.Values, fused.UserFactors.Values);
        AssertClose(sparse.MovieFactors.Values, fused.MovieFactors.Values);
        AssertClose(sparse.UserBias.Values, fused.UserBias.Values);
        AssertClose(sparse.MovieBias.Values, fused.MovieBias.Values);
    }

    [Fact]
    public void Train_FusedSgd_UnratedRowsBitIdenticalToInitialisation()
    {
        // Arrange
        var data = GenreRatings(seed: 3);
        var sized = new RatingSet(data.Users, data.Movies, data.Values, data.UserCount + 5, data.MovieCount + 7);
        var options = new TrainingOptions { Dimensions = 8, Epochs = 2, Threads = 1, BatchSize = 1 };
        var untrained = MatrixFactorizationTrainer.Train(sized, null, options with { Epochs = 1, LearningRate = float.Epsilon });

        // Act
        var model = MatrixFactorizationTrainer.Train(sized, null, options);

        // Assert
        for (var row = data.MovieCount; row < sized.MovieCount; row++)
        {
            Assert.True(model.MovieFactors.Row(row).SequenceEqual(untrained.MovieFactors.Row(row)));
            Assert.Equal(0f, model.MovieBias.Row(row)[0]);
        }

        for (var row = data.UserCount; row < sized.UserCount; row++)
        {
            Assert.True(model.UserFactors.Row(row).SequenceEqual(untrained.UserFactors.Row(row)));
            Assert.Equal(0f, model.UserBias.Row(row)[0]);
        }
    }

    [Fact]
    public void Train_PlantedGenreTaste_MovieEmbeddingsClusterByGenre()
    {
        // Arrange
        var data = GenreRatings(seed: 2);
        var options = new TrainingOptions { Dimensions = 8, Epochs = 40, Threads = 1, Regularization = 0.05f };

        // Act
        var model = MatrixFactorizationTrainer.Train(data, null, options);

        // Assert
        double within = 0, across = 0;
        int withinCount = 0, acrossCount = 0;
        for (var a = 0; a < Genres * MoviesPerGenre; a++)
        {
            for (var b = a + 1; b < Genres * MoviesPerGenre; b++)
            {
                var cosine = System.Numerics.Tensors.TensorPrimitives.CosineSimilarity(
                    (ReadOnlySpan<float>)model.MovieFactors.Row(a), model.MovieFactors.Row(b));
                if (a / MoviesPerGenre == b / MoviesPerGenre)
                {
                    within += cosine;
                    withinCount++;
                }
                else
                {
                    across += cosine;
                    acrossCount++;
                }
            }
        }

        Assert.True(within / withinCount > (across / acrossCount) + 0.5, $"within {within / withinCount}, across {across / acrossCount}");
    }

    [Fact]
    public void Train_MovieLens100KFold1_TestRmseBelow095()
    {
        // Arrange
        // Speed is measured by the benchmark project (train report), not asserted here.
        var (train, test) = MovieLens.LoadFold(1);

        // Act
        var model = MatrixFactorizationTrainer.Train(train, null, new TrainingOptions());

        // Assert
        var (rmse, _) = RatingErrors.Measure(model, test, 1f, 5f);
        Assert.True(rmse < 0.95, $"RMSE {rmse}");
    }

    [Fact]
    public void Train_WithValidation_ReportsEveryEpochAndImproves()
    {
        // Arrange
        var (train, validation) = GenreRatings(seed: 3).Split(0.1, 5);
        var progress = new List<EpochProgress>();

        // Act
        MatrixFactorizationTrainer.Train(train, validation, new TrainingOptions { Dimensions = 8, Epochs = 10, Threads = 2, InitStd = 0.1f }, progress.Add);

        // Assert
        Assert.Equal(Enumerable.Range(1, 10), progress.Select(p => p.Epoch));
        Assert.All(progress, p => Assert.Equal(10, p.Epochs));
        Assert.All(progress, p => Assert.True(double.IsFinite(p.ValidationRmse) && p.RatingsPerSecond > 0));
        Assert.True(progress[^1].ValidationRmse < progress[0].ValidationRmse);
        Assert.True(progress[^1].TrainRmse < progress[0].TrainRmse);
    }

    [Fact]
    public void Train_NoValidation_ValidationRmseIsNaN()
    {
        var progress = new List<EpochProgress>();

        MatrixFactorizationTrainer.Train(GenreRatings(seed: 4), null, new TrainingOptions { Epochs = 2, Threads = 1 }, progress.Add);

        Assert.All(progress, p => Assert.True(double.IsNaN(p.ValidationRmse)));
    }

    [Fact]
    public void Train_CancelledDuringTraining_ThrowsOperationCanceled()
    {
        using var cts = new CancellationTokenSource();

        Assert.ThrowsAny<OperationCanceledException>(() => MatrixFactorizationTrainer.Train(
            GenreRatings(seed: 5), null, new TrainingOptions { Epochs = 50 }, p =>
            {
                if (p.Epoch == 2)
                {
                    cts.Cancel();
                }
            },
            cts.Token));
    }

    [Fact]
    public void Train_PartitionedTwoThreads_SameSeedReproducible()
    {
        var data = GenreRatings(seed: 6);
        var options = new TrainingOptions { Dimensions = 8, Epochs = 3, Threads = 2, Parallelism = ParallelStrategy.Partitioned };

        var a = MatrixFactorizationTrainer.Train(data, null, options);
        var b = MatrixFactorizationTrainer.Train(data, null, options);

        Assert.True(a.MovieFactors.Values.SequenceEqual(b.MovieFactors.Values));
    }

    [Fact]
    public void Train_TablesLargerThanData_SizedByRatingSetCounts()
    {
        var d = GenreRatings(seed: 7);
        var sized = new RatingSet(d.Users, d.Movies, d.Values, d.UserCount + 10, d.MovieCount + 3);

        var model = MatrixFactorizationTrainer.Train(sized, null, new TrainingOptions { Dimensions = 4, Epochs = 1, Threads = 1 });

        Assert.Equal(d.UserCount + 10, model.UserCount);
        Assert.Equal(d.MovieCount + 3, model.MovieCount);
        Assert.Equal(0f, model.UserBias.Row(d.UserCount + 9)[0]);
    }

    [Fact]
    public void Train_WarmStart_GrowsTablesAndLeavesWarmModelUnchanged()
    {
        // Arrange
        var d = GenreRatings(seed: 8);
        var options = new TrainingOptions { Dimensions = 4, Epochs = 3, Threads = 1 };
        var warm = MatrixFactorizationTrainer.Train(d, null, options);
        var warmValues = warm.MovieFactors.Values.ToArray();
        var more = new RatingSet(d.Users, d.Movies, d.Values, d.UserCount + 2, d.MovieCount);

        // Act
        var model = MatrixFactorizationTrainer.Train(warm, more, null, options with { Epochs = 1 });

        // Assert
        Assert.Equal(d.UserCount + 2, model.UserCount);
        Assert.True(warm.MovieFactors.Values.SequenceEqual(warmValues));
        Assert.Equal(warm.GlobalMean, model.GlobalMean);
    }

    [Fact]
    public void Train_EmptyTrainingSet_Throws() =>
        Assert.Throws<ArgumentException>(() => MatrixFactorizationTrainer.Train(new RatingSet([], [], []), null, new TrainingOptions()));

    [Theory]
    [InlineData(nameof(TrainingOptions.Dimensions))]
    [InlineData(nameof(TrainingOptions.Epochs))]
    [InlineData(nameof(TrainingOptions.LearningRate))]
    [InlineData(nameof(TrainingOptions.Regularization))]
    [InlineData(nameof(TrainingOptions.BatchSize))]
    [InlineData(nameof(TrainingOptions.ValidationFraction))]
    [InlineData(nameof(TrainingOptions.Threads))]
    [InlineData(nameof(TrainingOptions.InitStd))]
    public void Validate_PropertyOutOfRange_ThrowsNamingProperty(string property)
    {
        var options = property switch
        {
            nameof(TrainingOptions.Dimensions) => new TrainingOptions { Dimensions = 0 },
            nameof(TrainingOptions.Epochs) => new TrainingOptions { Epochs = 0 },
            nameof(TrainingOptions.LearningRate) => new TrainingOptions { LearningRate = float.NaN },
            nameof(TrainingOptions.Regularization) => new TrainingOptions { Regularization = -1 },
            nameof(TrainingOptions.BatchSize) => new TrainingOptions { BatchSize = 0 },
            nameof(TrainingOptions.ValidationFraction) => new TrainingOptions { ValidationFraction = 1 },
            nameof(TrainingOptions.Threads) => new TrainingOptions { Threads = -1 },
            _ => new TrainingOptions { InitStd = -1 },
        };

        var ex = Assert.Throws<ArgumentOutOfRangeException>(options.Validate);

        Assert.Equal(property, ex.ParamName);
    }

    [Theory]
    [InlineData("sgd", OptimizerKind.Sgd)]
    [InlineData("adagrad", OptimizerKind.Adagrad)]
    [InlineData("sparse_adam", OptimizerKind.SparseAdam)]
    [InlineData("SPARSE_ADAM", OptimizerKind.SparseAdam)]
    public void ParseOptimizer_KnownName_ReturnsKind(string name, OptimizerKind expected) =>
        Assert.Equal(expected, TrainingOptions.ParseOptimizer(name));

    [Fact]
    public void ParseOptimizer_UnknownName_Throws() =>
        Assert.Throws<ArgumentException>(() => TrainingOptions.ParseOptimizer("adam"));

    /// <summary>Users each love one genre (5 stars) and dislike the rest (1–2 stars); each rates 40 random movies.</summary>
    private static void AssertClose(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], actual[i], 1e-3 * Math.Max(1.0, Math.Abs(expected[i])));
        }
    }

    internal static RatingSet GenreRatings(int seed, int usersPerGenre = 50)
    {
        var rng = new Random(seed);
        var users = new List<int>();
        var movies = new List<int>();
        var values = new List<float>();
        for (var u = 0; u < Genres * usersPerGenre; u++)
        {
            var loved = u % Genres;
            foreach (var m in Enumerable.Range(0, Genres * MoviesPerGenre).OrderBy(_ => rng.Next()).Take(40))
            {
                users.Add(u);
                movies.Add(m);
                values.Add(m / MoviesPerGenre == loved ? 5f : 1f + rng.Next(2));
            }
        }

        return new RatingSet([.. users], [.. movies], [.. values]);
    }
}
