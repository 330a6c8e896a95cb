using Grpc.Core;
using Recommender.Contracts.V1;
using Recommender.Server.Tests.Infrastructure;

namespace Recommender.Server.Tests.Integration;

public sealed class RecommendationServiceTests : IAsyncLifetime
{
    private TestServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = TestServer.Start();
        await PlantedTastes.SeedAsync(_server);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task RecommendForUser_NoModel_FallsBackToMostRatedUnseen()
    {
        // Arrange
        await _server.Catalog.UpsertMoviesAsync(new UpsertMoviesRequest { Movies = { Fixtures.Movie("fresh") } }).ResponseAsync.WithTimeout();
        await _server.Ratings.AddRatingAsync(new AddRatingRequest { UserId = "solo", MovieId = "fresh", Value = 3 }).ResponseAsync.WithTimeout();
        var counts = await RatingCountsAsync();

        // Act
        var list = await _server.Recommendations.RecommendForUserAsync(new RecommendForUserRequest { UserId = "solo", Limit = 5 }).ResponseAsync.WithTimeout();

        // Assert
        Assert.Equal("popular", list.Strategy);
        Assert.Equal(0, list.ModelVersion);
        Assert.Equal(5, list.Items.Count);
        Assert.DoesNotContain(list.Items, i => i.MovieId == "fresh");
        var expected = counts.Where(c => c.Key != "fresh").OrderByDescending(c => c.Value).Take(5).Select(c => c.Value);
        Assert.Equal(expected, list.Items.Select(i => counts[i.MovieId]));
        Assert.All(list.Items, i => Assert.False(string.IsNullOrEmpty(i.Title)));
    }

    [Fact]
    public async Task SimilarMovies_NoModel_FailedPrecondition_UnknownMovie_NotFound()
    {
        var noModel = await Assert.ThrowsAsync<RpcException>(() => _server.Recommendations.SimilarMoviesAsync(new SimilarMoviesRequest { MovieId = "m1" }).ResponseAsync.WithTimeout());
        var unknown = await Assert.ThrowsAsync<RpcException>(() => _server.Recommendations.SimilarMoviesAsync(new SimilarMoviesRequest { MovieId = "nope" }).ResponseAsync.WithTimeout());

        Assert.Equal(StatusCode.FailedPrecondition, noModel.StatusCode);
        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task RecommendForUser_Trained_RanksExactlyByPredictedRatingAndSkipsRated()
    {
        // Arrange
        await PlantedTastes.TrainAsync(_server);
        var rated = (await _server.Ratings.GetUserRatingsAsync(new GetUserRatingsRequest { UserId = "u3" }).ResponseAsync.WithTimeout())
            .Ratings.Select(r => r.MovieId).ToHashSet();
        var unrated = Enumerable.Range(0, 36).Select(m => $"m{m}").Where(m => !rated.Contains(m)).ToList();

        // Act
        var list = await _server.Recommendations.RecommendForUserAsync(new RecommendForUserRequest { UserId = "u3", Limit = 1000 }).ResponseAsync.WithTimeout();
        var predictions = await _server.Recommendations.PredictRatingsAsync(new PredictRatingsRequest { UserId = "u3", MovieIds = { unrated } }).ResponseAsync.WithTimeout();

        // Assert
        Assert.Equal("personalized", list.Strategy);
        Assert.Equal(unrated.Count, list.Items.Count);
        Assert.DoesNotContain(list.Items, i => rated.Contains(i.MovieId));
        var scores = list.Items.Select(i => i.Score).ToList();
        Assert.Equal(scores.OrderByDescending(s => s), scores);
        var predicted = unrated.Zip(predictions.Predictions).ToDictionary(p => p.First, p => p.Second);
        Assert.All(list.Items, i => Assert.Equal(Math.Clamp(i.Score, 0.5f, 5f), predicted[i.MovieId], 3));
    }

    [Fact]
    public async Task RecommendForUser_Trained_RecommendsTheUsersGenre()
    {
        await PlantedTastes.TrainAsync(_server);

        var list = await _server.Recommendations.RecommendForUserAsync(new RecommendForUserRequest { UserId = "u25", Limit = 3 }).ResponseAsync.WithTimeout();

        Assert.All(list.Items, i => Assert.Equal(PlantedTastes.GenreOfUser("u25"), PlantedTastes.GenreOfMovie(i.MovieId)));
    }

    [Fact]
    public async Task RecommendForUser_Filters_AreHonoured()
    {
        // Arrange
        await PlantedTastes.TrainAsync(_server);
        var request = new RecommendForUserRequest { UserId = "u0", Limit = 1000, Genres = { "comedy" }, ExcludeMovieIds = { "m13", "m14" }, IncludeRated = true };

        // Act
        var list = await _server.Recommendations.RecommendForUserAsync(request).ResponseAsync.WithTimeout();

        // Assert: all twelve comedies but the two excluded, rated ones included.
        Assert.Equal(PlantedTastes.MoviesPerGenre - 2, list.Items.Count);
        Assert.All(list.Items, i => Assert.Equal("Comedy", PlantedTastes.GenreOfMovie(i.MovieId)));
        Assert.DoesNotContain(list.Items, i => i.MovieId is "m13" or "m14");
    }

    [Fact]
    public async Task SimilarMovies_Trained_ComeFromTheSameGenreWithCosineScores()
    {
        await PlantedTastes.TrainAsync(_server);

        var list = await _server.Recommendations.SimilarMoviesAsync(new SimilarMoviesRequest { MovieId = "m30", Limit = 5 }).ResponseAsync.WithTimeout();

        Assert.Equal(5, list.Items.Count);
        Assert.DoesNotContain(list.Items, i => i.MovieId == "m30");
        Assert.All(list.Items, i => Assert.Equal("Horror", PlantedTastes.GenreOfMovie(i.MovieId)));
        Assert.All(list.Items, i => Assert.InRange(i.Score, -1.0001f, 1.0001f));
    }

    [Fact]
    public async Task SimilarUsers_Trained_FindsUsersWithTheSameTaste()
    {
        await PlantedTastes.TrainAsync(_server);

        var response = await _server.Recommendations.SimilarUsersAsync(new SimilarUsersRequest { UserId = "u45", Limit = 5 }).ResponseAsync.WithTimeout();

        Assert.Equal(5, response.Users.Count);
        Assert.DoesNotContain(response.Users, u => u.UserId == "u45");
        Assert.All(response.Users, u => Assert.Equal(PlantedTastes.GenreOfUser("u45"), PlantedTastes.GenreOfUser(u.UserId)));
    }

    [Fact]
    public async Task PredictRatings_UnknownIds_GetBiasOnlyPredictionsInRange()
    {
        // Arrange
        await PlantedTastes.TrainAsync(_server);

        // Act
        var known = await _server.Recommendations.PredictRatingsAsync(new PredictRatingsRequest { UserId = "u0", MovieIds = { "m0", "m20", "unknown-movie" } }).ResponseAsync.WithTimeout();
        var stranger = await _server.Recommendations.PredictRatingsAsync(new PredictRatingsRequest { UserId = "stranger", MovieIds = { "m0", "m20" } }).ResponseAsync.WithTimeout();

        // Assert
        Assert.Equal(3, known.Predictions.Count);
        Assert.All(known.Predictions.Concat(stranger.Predictions), p => Assert.InRange(p, 0.5f, 5f));
        Assert.True(known.Predictions[0] > known.Predictions[1], "an action fan should prefer an action movie");
        Assert.NotEqual(stranger.Predictions[0], stranger.Predictions[1]);
    }

    [Theory]
    [InlineData(0, "user_id")]
    [InlineData(1001, "limit")]
    [InlineData(-1, "limit")]
    public async Task RecommendForUser_BadInput_ReturnsInvalidArgument(int limit, string field)
    {
        var request = new RecommendForUserRequest { UserId = field == "user_id" ? "" : "u1", Limit = limit };

        var error = await Assert.ThrowsAsync<RpcException>(() => _server.Recommendations.RecommendForUserAsync(request).ResponseAsync.WithTimeout());

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.StartsWith(field, error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddRating_NewUserAfterTraining_GetsPersonalizedRecommendationsAtOnce()
    {
        // Arrange
        await PlantedTastes.TrainAsync(_server);
        foreach (var movie in new[] { "m24", "m25", "m26", "m27" })
        {
            await _server.Ratings.AddRatingAsync(new AddRatingRequest { UserId = "horror-fan", MovieId = movie, Value = 5 }).ResponseAsync.WithTimeout();
        }

        foreach (var movie in new[] { "m0", "m1", "m12", "m13" })
        {
            await _server.Ratings.AddRatingAsync(new AddRatingRequest { UserId = "horror-fan", MovieId = movie, Value = 1 }).ResponseAsync.WithTimeout();
        }

        // Act
        var list = await _server.Recommendations.RecommendForUserAsync(new RecommendForUserRequest { UserId = "horror-fan", Limit = 3 }).ResponseAsync.WithTimeout();

        // Assert
        Assert.Equal("personalized", list.Strategy);
        Assert.All(list.Items, i => Assert.Equal("Horror", PlantedTastes.GenreOfMovie(i.MovieId)));
    }

    [Fact]
    public async Task RecommendForUser_WhileNewModelPublishes_AnswersFromExactlyOneVersion()
    {
        // Arrange
        await PlantedTastes.TrainAsync(_server);
        var request = new RecommendForUserRequest { UserId = "u7", Limit = 20, IncludeRated = true };
        var first = await _server.Recommendations.RecommendForUserAsync(request).ResponseAsync.WithTimeout();
        var seen = new List<RecommendationList>();

        // Act: query in a loop while a second model trains and is published.
        var training = _server.Models.Train(new TrainRequest { Dimensions = 8, Epochs = 300, Seed = 99, Threads = 1 });
        var finished = Task.Run(async () =>
        {
            await foreach (var _ in training.ResponseStream.ReadAllAsync())
            {
            }
        });
        while (!finished.IsCompleted)
        {
            seen.Add(await _server.Recommendations.RecommendForUserAsync(request).ResponseAsync.WithTimeout());
        }

        await finished.WithTimeout();
        training.Dispose();
        var second = await _server.Recommendations.RecommendForUserAsync(request).ResponseAsync.WithTimeout();

        // Assert: every answer is identical to the stable answer of its version.
        Assert.Equal(first.ModelVersion + 1, second.ModelVersion);
        Assert.NotEqual(first.Items, second.Items);
        Assert.NotEmpty(seen);
        Assert.All(seen, list => Assert.Equal(list.ModelVersion == first.ModelVersion ? first : second, list));
    }

    [Fact]
    public async Task MovieAddedAfterTraining_IsAbsentFromResultsNotAnError()
    {
        // Arrange
        await PlantedTastes.TrainAsync(_server);
        await _server.Catalog.UpsertMoviesAsync(new UpsertMoviesRequest { Movies = { Fixtures.Movie("late", genres: "Horror") } }).ResponseAsync.WithTimeout();
        await _server.Ratings.AddRatingAsync(new AddRatingRequest { UserId = "u40", MovieId = "late", Value = 5 }).ResponseAsync.WithTimeout();

        // Act
        var similar = await _server.Recommendations.SimilarMoviesAsync(new SimilarMoviesRequest { MovieId = "late" }).ResponseAsync.WithTimeout();
        var list = await _server.Recommendations.RecommendForUserAsync(new RecommendForUserRequest { UserId = "u41", Limit = 1000, IncludeRated = true }).ResponseAsync.WithTimeout();
        var prediction = await _server.Recommendations.PredictRatingsAsync(new PredictRatingsRequest { UserId = "u41", MovieIds = { "late" } }).ResponseAsync.WithTimeout();

        // Assert
        Assert.Empty(similar.Items);
        Assert.DoesNotContain(list.Items, i => i.MovieId == "late");
        Assert.InRange(Assert.Single(prediction.Predictions), 0.5f, 5f);
    }

    private async Task<Dictionary<string, int>> RatingCountsAsync()
    {
        var counts = new Dictionary<string, int>();
        for (var u = 0; u < 60; u++)
        {
            foreach (var rating in (await _server.Ratings.GetUserRatingsAsync(new GetUserRatingsRequest { UserId = $"u{u}" }).ResponseAsync.WithTimeout()).Ratings)
            {
                counts[rating.MovieId] = counts.GetValueOrDefault(rating.MovieId) + 1;
            }
        }

        return counts;
    }
}
