using Grpc.Core;
using Recommender.Contracts.V1;
using Recommender.Server.Tests.Infrastructure;

namespace Recommender.Server.Tests.Integration;

public sealed class RankingObjectiveTests : IAsyncLifetime
{
    // The planted users rate 60% of all movies, loved or not, so only their high ratings say what they like.
    private static readonly Dictionary<string, string?> s_settings = new() { ["Recommender:RankingTraining:PositiveThreshold"] = "4" };

    private TestServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = TestServer.Start(settings: s_settings);
        await PlantedTastes.SeedAsync(_server);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Train_RankingObjective_CompletesAndGetModelSaysRanking()
    {
        // Act
        var progress = await TrainRankingAsync();
        var model = await _server.Models.GetModelAsync(new GetModelRequest()).ResponseAsync.WithTimeout();

        // Assert
        Assert.Equal("completed", progress[^1].State);
        Assert.Equal(Enumerable.Range(1, 30), progress.Where(p => p.State == "training" && p.Epoch > 0).Select(p => p.Epoch));
        Assert.Equal("ranking", model.Objective);
        Assert.Equal(8, model.Dimensions);
        Assert.Equal(progress[^1].ModelVersion, model.ModelVersion);
        Assert.InRange(model.TrainRmse, 0, 1.5);
        Assert.InRange(model.ValidationRmse, 0, 1.5);
    }

    [Fact]
    public async Task RecommendForUser_RankingModel_ReturnsUnratedMoviesOfTheUsersGenre()
    {
        // Arrange
        await TrainRankingAsync();
        var rated = (await _server.Ratings.GetUserRatingsAsync(new GetUserRatingsRequest { UserId = "u3" }).ResponseAsync.WithTimeout())
            .Ratings.Select(r => r.MovieId).ToHashSet();

        // Act
        var list = await _server.Recommendations.RecommendForUserAsync(new RecommendForUserRequest { UserId = "u3", Limit = 3 }).ResponseAsync.WithTimeout();

        // Assert
        Assert.Equal("personalized", list.Strategy);
        Assert.Equal(3, list.Items.Count);
        Assert.All(list.Items, i => Assert.DoesNotContain(i.MovieId, rated));
        Assert.All(list.Items, i => Assert.Equal(PlantedTastes.GenreOfUser("u3"), PlantedTastes.GenreOfMovie(i.MovieId)));
    }

    [Fact]
    public async Task PredictRatings_RankingModel_CalibratedToTheRatingScale()
    {
        // Arrange: u3 loves its genre (4.5–5 stars) and dislikes the rest (1–2 stars).
        await TrainRankingAsync();
        var loved = Enumerable.Range(0, PlantedTastes.MoviesPerGenre).Select(m => $"m{m}").ToArray();
        var other = Enumerable.Range(2 * PlantedTastes.MoviesPerGenre, PlantedTastes.MoviesPerGenre).Select(m => $"m{m}").ToArray();

        // Act
        var predictions = await _server.Recommendations.PredictRatingsAsync(new PredictRatingsRequest { UserId = "u3", MovieIds = { loved.Concat(other) } }).ResponseAsync.WithTimeout();

        // Assert
        var lovedMean = predictions.Predictions.Take(loved.Length).Average();
        var otherMean = predictions.Predictions.Skip(loved.Length).Average();
        Assert.InRange(lovedMean, 3.5, 5.0);
        Assert.InRange(otherMean, 0.5, 2.75);
    }

    [Fact]
    public async Task AddRating_RankingModel_RefitsTheUserTowardsTheNewTaste()
    {
        // Arrange: a newcomer who rates only horror films highly.
        await TrainRankingAsync();
        var horror = Enumerable.Range(2 * PlantedTastes.MoviesPerGenre, 6).Select(m => $"m{m}").ToArray();

        // Act
        AddRatingResponse last = new();
        foreach (var movie in horror)
        {
            last = await _server.Ratings.AddRatingAsync(new AddRatingRequest { UserId = "newcomer", MovieId = movie, Value = 5 }).ResponseAsync.WithTimeout();
        }

        var list = await _server.Recommendations.RecommendForUserAsync(new RecommendForUserRequest { UserId = "newcomer", Limit = 3 }).ResponseAsync.WithTimeout();

        // Assert
        Assert.True(last.UserUpdated);
        Assert.Equal("personalized", list.Strategy);
        Assert.All(list.Items, i => Assert.Equal("Horror", PlantedTastes.GenreOfMovie(i.MovieId)));
        Assert.All(list.Items, i => Assert.DoesNotContain(i.MovieId, horror));
    }

    [Theory]
    [InlineData("clicks")]
    [InlineData("rank")]
    public async Task Train_UnknownObjective_ReturnsInvalidArgumentNamingObjectiveAndTrainsNothing(string objective)
    {
        var error = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            using var call = _server.Models.Train(new TrainRequest { Objective = objective });
            await call.ResponseStream.MoveNext(CancellationToken.None).WithTimeout();
        });

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.StartsWith("objective", error.Status.Detail, StringComparison.Ordinal);
        var none = await Assert.ThrowsAsync<RpcException>(() => _server.Models.GetModelAsync(new GetModelRequest()).ResponseAsync.WithTimeout());
        Assert.Equal(StatusCode.NotFound, none.StatusCode);
    }

    [Fact]
    public async Task Restart_KeepsRankingModelAndItsRecommendations()
    {
        // Arrange
        await TrainRankingAsync();
        var request = new RecommendForUserRequest { UserId = "u25", Limit = 5 };
        var before = await _server.Recommendations.RecommendForUserAsync(request).ResponseAsync.WithTimeout();
        var predictBefore = await _server.Recommendations.PredictRatingsAsync(new PredictRatingsRequest { UserId = "u25", MovieIds = { "m1", "m20" } }).ResponseAsync.WithTimeout();
        var path = _server.DatabasePath;
        await _server.DisposeAsync();

        // Act
        _server = TestServer.Start(path, s_settings);
        var model = await _server.Models.GetModelAsync(new GetModelRequest()).ResponseAsync.WithTimeout();
        var after = await _server.Recommendations.RecommendForUserAsync(request).ResponseAsync.WithTimeout();
        var predictAfter = await _server.Recommendations.PredictRatingsAsync(new PredictRatingsRequest { UserId = "u25", MovieIds = { "m1", "m20" } }).ResponseAsync.WithTimeout();

        // Assert
        Assert.Equal("ranking", model.Objective);
        Assert.Equal(before.Items.Select(i => i.MovieId), after.Items.Select(i => i.MovieId));
        Assert.Equal(predictBefore.Predictions, predictAfter.Predictions);
    }

    private async Task<List<TrainingProgress>> TrainRankingAsync()
    {
        var request = new TrainRequest { Objective = "ranking", Dimensions = 8, Epochs = 30, LearningRate = 0.05f, Seed = 11, Threads = 1 };
        using var call = _server.Models.Train(request);
        var progress = new List<TrainingProgress>();
        await foreach (var message in call.ResponseStream.ReadAllAsync().WithTimeout())
        {
            progress.Add(message);
        }

        return progress;
    }
}
