using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Recommender.Contracts.V1;
using Recommender.Server.Application;
using Recommender.Server.Tests.Infrastructure;

namespace Recommender.Server.Tests.Integration;

public sealed class ModelServiceTests : IAsyncLifetime
{
    private TestServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = TestServer.Start();
        await PlantedTastes.SeedAsync(_server);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task GetModel_BeforeFirstTraining_ReturnsNotFound()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => _server.Models.GetModelAsync(new GetModelRequest()).ResponseAsync.WithTimeout());

        Assert.Equal(StatusCode.NotFound, error.StatusCode);
    }

    [Fact]
    public async Task Train_StreamsEveryEpochThenPublishesModel()
    {
        // Act
        var progress = await PlantedTastes.TrainAsync(_server, epochs: 30);
        var model = await _server.Models.GetModelAsync(new GetModelRequest()).ResponseAsync.WithTimeout();

        // Assert
        var epochs = progress.Where(p => p.State == "training" && p.Epoch > 0).Select(p => p.Epoch).ToList();
        Assert.Equal(Enumerable.Range(1, 30), epochs);
        var last = progress[^1];
        Assert.True(last.Done);
        Assert.Equal("completed", last.State);
        Assert.Equal(model.ModelVersion, last.ModelVersion);
        Assert.Equal(8, model.Dimensions);
        Assert.Equal(PlantedTastes.Genres.Length * PlantedTastes.UsersPerGenre, model.Users);
        Assert.Equal(PlantedTastes.Genres.Length * PlantedTastes.MoviesPerGenre, model.Movies);
        Assert.InRange(model.TrainRmse, 0, 0.6);
        Assert.InRange(model.ValidationRmse, 0, 1.0);
    }

    [Fact]
    public async Task Train_SecondCallerWhileRunning_AttachesToSameRun()
    {
        // Arrange: a run far too long to finish during the test.
        var first = PlantedTastes.TrainAsync(_server, epochs: 10_000);
        await WaitUntilRunningAsync();

        // Act: a second caller asking for 5 epochs sees the first run's epochs.
        using (var second = _server.Models.Train(new TrainRequest { Epochs = 5 }))
        {
            TrainingProgress seen;
            do
            {
                Assert.True(await second.ResponseStream.MoveNext(CancellationToken.None).WithTimeout());
                seen = second.ResponseStream.Current;
            }
            while (seen.Epochs == 0);

            Assert.Equal(10_000, seen.Epochs);
        }

        await _server.Models.CancelTrainingAsync(new CancelTrainingRequest()).ResponseAsync.WithTimeout();
        var firstProgress = await first.WithTimeout();

        // Assert: one run, cancelled for both, and no model from it.
        Assert.Equal("cancelled", firstProgress[^1].State);
        Assert.Equal(StatusCode.NotFound, (await Assert.ThrowsAsync<RpcException>(() => _server.Models.GetModelAsync(new GetModelRequest()).ResponseAsync.WithTimeout())).StatusCode);
    }

    [Fact]
    public async Task Train_CallerDisconnects_RunCompletesAnyway()
    {
        // Arrange
        using var leave = new CancellationTokenSource();
        using var call = _server.Models.Train(new TrainRequest { Dimensions = 8, Epochs = 200, Threads = 1 }, cancellationToken: leave.Token);
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None).WithTimeout());

        // Act
        await leave.CancelAsync();
        await _server.Services.GetRequiredService<TrainingCoordinator>().Completion.WithTimeout();

        // Assert
        var model = await _server.Models.GetModelAsync(new GetModelRequest()).ResponseAsync.WithTimeout();
        Assert.Equal(1, model.ModelVersion);
    }

    [Fact]
    public async Task CancelTraining_WhileRunning_StopsRunAndKeepsPreviousModel()
    {
        // Arrange
        await PlantedTastes.TrainAsync(_server, epochs: 10);
        var running = PlantedTastes.TrainAsync(_server, epochs: 10_000);
        await WaitUntilRunningAsync();

        // Act
        var cancelled = await _server.Models.CancelTrainingAsync(new CancelTrainingRequest()).ResponseAsync.WithTimeout();
        var progress = await running.WithTimeout();

        // Assert
        Assert.True(cancelled.Cancelled);
        Assert.Equal("cancelled", progress[^1].State);
        Assert.True(progress[^1].Done);
        Assert.Equal(1, (await _server.Models.GetModelAsync(new GetModelRequest()).ResponseAsync.WithTimeout()).ModelVersion);
        Assert.False((await _server.Models.CancelTrainingAsync(new CancelTrainingRequest()).ResponseAsync.WithTimeout()).Cancelled);
    }

    [Theory]
    [InlineData("dimensions")]
    [InlineData("epochs")]
    [InlineData("learning_rate")]
    [InlineData("optimizer")]
    [InlineData("validation_fraction")]
    [InlineData("objective")]
    public async Task Train_BadParameter_ReturnsInvalidArgumentNamingIt(string field)
    {
        var request = field switch
        {
            "dimensions" => new TrainRequest { Dimensions = -3 },
            "epochs" => new TrainRequest { Epochs = 1_000_000 },
            "learning_rate" => new TrainRequest { LearningRate = float.NaN },
            "optimizer" => new TrainRequest { Optimizer = "lbfgs" },
            "validation_fraction" => new TrainRequest { ValidationFraction = 0.9f },
            _ => new TrainRequest { Objective = "clicks" },
        };

        var error = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            using var call = _server.Models.Train(request);
            await call.ResponseStream.MoveNext(CancellationToken.None).WithTimeout();
        });

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.StartsWith(field, error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetEmbeddings_KnownAndUnknownIds_ReturnsRowsOrNotFound()
    {
        // Arrange
        await PlantedTastes.TrainAsync(_server, epochs: 5);

        // Act
        var movies = await _server.Models.GetEmbeddingsAsync(new GetEmbeddingsRequest { Kind = EmbeddingKind.Movie, Ids = { "m0", "m5" } }).ResponseAsync.WithTimeout();
        var unknown = await Assert.ThrowsAsync<RpcException>(() =>
            _server.Models.GetEmbeddingsAsync(new GetEmbeddingsRequest { Kind = EmbeddingKind.User, Ids = { "u1", "ghost" } }).ResponseAsync.WithTimeout());
        var noKind = await Assert.ThrowsAsync<RpcException>(() =>
            _server.Models.GetEmbeddingsAsync(new GetEmbeddingsRequest { Ids = { "u1" } }).ResponseAsync.WithTimeout());

        // Assert
        Assert.Equal(["m0", "m5"], movies.Embeddings.Select(e => e.Id));
        Assert.All(movies.Embeddings, e => Assert.Equal(8, e.Vector.Count));
        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);
        Assert.StartsWith("ids[1]", unknown.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(StatusCode.InvalidArgument, noKind.StatusCode);
    }

    [Fact]
    public async Task AddRating_AfterTraining_RefitsOnlyThatUsersRow()
    {
        // Arrange
        await PlantedTastes.TrainAsync(_server, epochs: 20);
        var users = new GetEmbeddingsRequest { Kind = EmbeddingKind.User, Ids = { "u0", "u1", "u30" } };
        var before = await _server.Models.GetEmbeddingsAsync(users).ResponseAsync.WithTimeout();

        // Act
        var added = await _server.Ratings.AddRatingAsync(new AddRatingRequest { UserId = "u1", MovieId = "m30", Value = 5 }).ResponseAsync.WithTimeout();
        var after = await _server.Models.GetEmbeddingsAsync(users).ResponseAsync.WithTimeout();
        var model = await _server.Models.GetModelAsync(new GetModelRequest()).ResponseAsync.WithTimeout();

        // Assert
        Assert.True(added.UserUpdated);
        Assert.Equal(1, added.ModelVersion);
        Assert.Equal(before.Embeddings[0], after.Embeddings[0]);
        Assert.NotEqual(before.Embeddings[1].Vector, after.Embeddings[1].Vector);
        Assert.Equal(before.Embeddings[2], after.Embeddings[2]);
        Assert.Equal(1, model.OnlineUpdates);
    }

    [Fact]
    public async Task Restart_KeepsActiveModelAndOnlineUpdates()
    {
        // Arrange
        await PlantedTastes.TrainAsync(_server, epochs: 10);
        await _server.Ratings.AddRatingAsync(new AddRatingRequest { UserId = "newcomer", MovieId = "m3", Value = 5 }).ResponseAsync.WithTimeout();
        var request = new GetEmbeddingsRequest { Kind = EmbeddingKind.User, Ids = { "u2", "newcomer" } };
        var before = await _server.Models.GetEmbeddingsAsync(request).ResponseAsync.WithTimeout();
        var path = _server.DatabasePath;
        await _server.DisposeAsync();

        // Act
        _server = TestServer.Start(path);
        var after = await _server.Models.GetEmbeddingsAsync(request).ResponseAsync.WithTimeout();
        var model = await _server.Models.GetModelAsync(new GetModelRequest()).ResponseAsync.WithTimeout();

        // Assert
        Assert.Equal(before, after);
        Assert.Equal(1, model.ModelVersion);
        Assert.Equal(1, model.OnlineUpdates);
    }

    private async Task WaitUntilRunningAsync()
    {
        var coordinator = _server.Services.GetRequiredService<TrainingCoordinator>();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (coordinator.Current is null && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }

        Assert.NotNull(coordinator.Current);
    }
}
