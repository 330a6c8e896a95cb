using Grpc.Core;
using Recommender.Contracts.V1;
using Recommender.Server.Tests.Infrastructure;
using Recommender.Server.Tests.Integration;

namespace Recommender.Server.Tests.Reliability;

/// <summary>
/// The real server process killed (SIGKILL) or stopped (SIGTERM) while it ingests and trains,
/// then restarted on the same file: nothing acknowledged is lost and the model is a complete one.
/// </summary>
public sealed class ProcessFaultTests
{
    private const int Movies = 40;
    private const int Users = 60;

    // Enough work that it is still in its first epochs when the test acts (10,000 epochs at d=512).
    private static readonly TrainRequest s_longRun = new() { Dimensions = 512, Epochs = 10_000, Threads = 1, Seed = 3 };

    [Fact]
    public async Task SigKill_WhileIngestingAndTraining_RestartKeepsEveryAcknowledgedRatingAndPreviousModel()
    {
        // Arrange: a first complete model, then a long run and a stream of single ratings.
        var path = TestServer.NewDatabasePath();
        var acknowledged = new List<(string User, string Movie, float Value)>();
        long modelBefore;
        await using (var server = await ServerProcess.StartAsync(path))
        {
            await SeedAsync(server);
            modelBefore = await TrainToEndAsync(server);
            using var longRun = server.Models.Train(s_longRun);
            await WaitForEpochAsync(longRun);
            var adding = AddRatingsUntilServerDiesAsync(server, acknowledged);

            // Act: kill it once it has acknowledged a good number of ratings under training load.
            while (CountOf(acknowledged) < 60 && !adding.IsCompleted)
            {
                await Task.Delay(20);
            }

            await server.KillAsync();
            await adding.WithTimeout();
        }

        // Assert
        await using var restarted = await ServerProcess.StartAsync(path);
        Assert.True(acknowledged.Count >= 60, $"only {acknowledged.Count} ratings were acknowledged before the kill");
        foreach (var group in acknowledged.GroupBy(r => r.User))
        {
            var stored = (await restarted.Ratings.GetUserRatingsAsync(new GetUserRatingsRequest { UserId = group.Key }).ResponseAsync.WithTimeout())
                .Ratings.ToDictionary(r => r.MovieId, r => r.Value);
            foreach (var (_, movie, value) in group)
            {
                Assert.True(stored.TryGetValue(movie, out var found), $"acknowledged rating {group.Key}/{movie} was lost");
                Assert.Equal(value, found);
            }
        }

        var model = await restarted.Models.GetModelAsync(new GetModelRequest()).ResponseAsync.WithTimeout();
        Assert.Equal(modelBefore, model.ModelVersion);
        Assert.Equal("interrupted", model.LastTrainingState);
        var recommendations = await restarted.Recommendations.RecommendForUserAsync(new RecommendForUserRequest { UserId = "u1", Limit = 5 }).ResponseAsync.WithTimeout();
        Assert.Equal("personalized", recommendations.Strategy);
        Assert.Equal(modelBefore, recommendations.ModelVersion);
    }

    [Fact]
    public async Task SigTerm_WhileTraining_CancelsRunCleanlyAndExitsZero()
    {
        // Arrange
        var path = TestServer.NewDatabasePath();
        long modelBefore;
        int exitCode;
        await using (var server = await ServerProcess.StartAsync(path))
        {
            await SeedAsync(server);
            modelBefore = await TrainToEndAsync(server);
            using var longRun = server.Models.Train(s_longRun);
            await WaitForEpochAsync(longRun);
            await server.Ratings.AddRatingAsync(new AddRatingRequest { UserId = "late", MovieId = "m3", Value = 4.5f }).ResponseAsync.WithTimeout();

            // Act
            exitCode = await server.TerminateAsync(TimeSpan.FromSeconds(20));
        }

        // Assert
        Assert.Equal(0, exitCode);
        await using var restarted = await ServerProcess.StartAsync(path);
        var model = await restarted.Models.GetModelAsync(new GetModelRequest()).ResponseAsync.WithTimeout();
        Assert.Equal(modelBefore, model.ModelVersion);
        Assert.Equal("cancelled", model.LastTrainingState);
        Assert.NotNull(model.LastTrainingFinishedAt);
        var late = await restarted.Ratings.GetUserRatingsAsync(new GetUserRatingsRequest { UserId = "late" }).ResponseAsync.WithTimeout();
        Assert.Equal(4.5f, Assert.Single(late.Ratings).Value);
    }

    private static int CountOf(List<(string User, string Movie, float Value)> acknowledged)
    {
        lock (acknowledged)
        {
            return acknowledged.Count;
        }
    }

    /// <summary>Adds distinct ratings one by one until the server goes away; records each acknowledged one.</summary>
    private static async Task AddRatingsUntilServerDiesAsync(ServerProcess server, List<(string User, string Movie, float Value)> acknowledged)
    {
        for (var i = 0; ; i++)
        {
            var rating = ($"k{i % 25}", $"m{i % Movies}", 0.5f + (i % 10 * 0.5f));
            try
            {
                await server.Ratings.AddRatingAsync(new AddRatingRequest { UserId = rating.Item1, MovieId = rating.Item2, Value = rating.Item3 });
            }
            catch (RpcException)
            {
                // The server died under the call: it was never acknowledged.
                return;
            }

            // A later write of the same pair replaces the earlier one; keep only the latest value per pair.
            lock (acknowledged)
            {
                acknowledged.RemoveAll(r => r.User == rating.Item1 && r.Movie == rating.Item2);
                acknowledged.Add(rating);
            }
        }
    }

    private static async Task SeedAsync(ServerProcess server)
    {
        var movies = new UpsertMoviesRequest();
        for (var m = 0; m < Movies; m++)
        {
            movies.Movies.Add(Fixtures.Movie($"m{m}"));
        }

        await server.Catalog.UpsertMoviesAsync(movies).ResponseAsync.WithTimeout();
        using var ingest = server.Ratings.IngestRatings();
        foreach (var rating in Fixtures.SyntheticRatings(1500, Users, Movies))
        {
            await ingest.RequestStream.WriteAsync(rating).WithTimeout();
        }

        await ingest.RequestStream.CompleteAsync().WithTimeout();
        await ingest.ResponseAsync.WithTimeout();
    }

    private static async Task<long> TrainToEndAsync(ServerProcess server)
    {
        using var call = server.Models.Train(new TrainRequest { Dimensions = 8, Epochs = 10, Threads = 1 });
        TrainingProgress? last = null;
        await foreach (var progress in call.ResponseStream.ReadAllAsync().WithTimeout())
        {
            last = progress;
        }

        Assert.Equal("completed", last?.State);
        return last!.ModelVersion;
    }

    private static async Task WaitForEpochAsync(AsyncServerStreamingCall<TrainingProgress> call)
    {
        await foreach (var progress in call.ResponseStream.ReadAllAsync().WithTimeout())
        {
            if (progress is { State: "training", Epoch: > 0 })
            {
                Assert.False(progress.Done);
                return;
            }
        }

        Assert.Fail("the long run ended before its first epoch");
    }
}
