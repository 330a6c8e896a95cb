using Grpc.Core;
using Recommender.Contracts.V1;
using Recommender.Server.Tests.Infrastructure;
using Recommender.Server.Tests.Integration;

namespace Recommender.Server.Tests.Reliability;

/// <summary>A run that cannot finish leaves the previous model serving and says why in GetModel.</summary>
public sealed class TrainingFailureTests : IAsyncLifetime
{
    private TestServer _server = null!;

    public async Task InitializeAsync()
    {
        // 1 MB holds a d=8 model of the planted world (about 0.1 MB) but not a d=1024 one (about 2 MB).
        _server = TestServer.Start(settings: new Dictionary<string, string?> { ["Recommender:TrainingMemoryLimitMB"] = "1" });
        await PlantedTastes.SeedAsync(_server);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Train_OverMemoryLimit_FailsAndPreviousModelKeepsServing()
    {
        // Arrange
        var first = await PlantedTastes.TrainAsync(_server, epochs: 10);
        Assert.Equal("completed", first[^1].State);

        // Act
        using var call = _server.Models.Train(new TrainRequest { Dimensions = 1024, Epochs = 5 });
        var progress = new List<TrainingProgress>();
        await foreach (var message in call.ResponseStream.ReadAllAsync().WithTimeout())
        {
            progress.Add(message);
        }

        // Assert
        Assert.Equal("failed", progress[^1].State);
        Assert.Contains("TrainingMemoryLimitMB", progress[^1].Message, StringComparison.Ordinal);
        Assert.DoesNotContain(progress, p => p.State == "training");
        var model = await _server.Models.GetModelAsync(new GetModelRequest()).ResponseAsync.WithTimeout();
        Assert.Equal(first[^1].ModelVersion, model.ModelVersion);
        Assert.Equal(8, model.Dimensions);
        Assert.Equal("failed", model.LastTrainingState);
        Assert.Contains("TrainingMemoryLimitMB", model.LastTrainingError, StringComparison.Ordinal);
        Assert.NotNull(model.LastTrainingFinishedAt);
        var recommendations = await _server.Recommendations.RecommendForUserAsync(new RecommendForUserRequest { UserId = "u0", Limit = 3 }).ResponseAsync.WithTimeout();
        Assert.Equal("personalized", recommendations.Strategy);
        Assert.Equal(first[^1].ModelVersion, recommendations.ModelVersion);
    }

    [Fact]
    public async Task Train_AfterFailure_NextSuccessClearsTheError()
    {
        // Arrange
        using (var failing = _server.Models.Train(new TrainRequest { Dimensions = 1024, Epochs = 5 }))
        {
            await foreach (var _ in failing.ResponseStream.ReadAllAsync().WithTimeout())
            {
            }
        }

        // Act
        var progress = await PlantedTastes.TrainAsync(_server, epochs: 5);

        // Assert
        Assert.Equal("completed", progress[^1].State);
        var model = await _server.Models.GetModelAsync(new GetModelRequest()).ResponseAsync.WithTimeout();
        Assert.Equal("completed", model.LastTrainingState);
        Assert.Equal("", model.LastTrainingError);
    }
}
