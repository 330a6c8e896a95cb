using Google.Rpc;
using Grpc.Core;
using Recommender.Contracts.V1;
using Recommender.Server.Tests.Infrastructure;
using static Recommender.Server.Tests.Integration.Fixtures;

namespace Recommender.Server.Tests.Integration.Security;

/// <summary>Configured limits: over-limit requests fail naming the field and the setting, and change nothing.</summary>
public sealed class LimitsTests : IAsyncLifetime
{
    private TestServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = TestServer.Start(settings: new Dictionary<string, string?>
        {
            ["Recommender:Limits:MaxIdsPerRequest"] = "3",
            ["Recommender:Limits:MaxMoviesPerUpsert"] = "4",
            ["Recommender:Limits:MaxGenresPerMovie"] = "2",
            ["Recommender:Limits:MaxMessageBytes"] = "2048",
        });
        await SeedMoviesAsync(_server, 4);
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task RecommendForUser_TooManyExcludedIds_ResourceExhaustedNamingFieldAndSetting()
    {
        var request = new RecommendForUserRequest { UserId = "u1", ExcludeMovieIds = { "m0", "m1", "m2", "m3" } };

        var error = await Assert.ThrowsAsync<RpcException>(() => _server.Recommendations.RecommendForUserAsync(request).ResponseAsync.WithTimeout());

        AssertViolation(error, StatusCode.ResourceExhausted, "exclude_movie_ids", "Recommender:Limits:MaxIdsPerRequest");
    }

    [Fact]
    public async Task PredictRatings_TooManyIds_ResourceExhaustedNamingFieldAndSetting()
    {
        var request = new PredictRatingsRequest { UserId = "u1", MovieIds = { "m0", "m1", "m2", "m3" } };

        var error = await Assert.ThrowsAsync<RpcException>(() => _server.Recommendations.PredictRatingsAsync(request).ResponseAsync.WithTimeout());

        AssertViolation(error, StatusCode.ResourceExhausted, "movie_ids", "Recommender:Limits:MaxIdsPerRequest");
    }

    [Fact]
    public async Task GetEmbeddings_TooManyIds_ResourceExhaustedNamingFieldAndSetting()
    {
        var request = new GetEmbeddingsRequest { Kind = EmbeddingKind.Movie, Ids = { "m0", "m1", "m2", "m3" } };

        var error = await Assert.ThrowsAsync<RpcException>(() => _server.Models.GetEmbeddingsAsync(request).ResponseAsync.WithTimeout());

        AssertViolation(error, StatusCode.ResourceExhausted, "ids", "Recommender:Limits:MaxIdsPerRequest");
    }

    [Fact]
    public async Task SimilarMovies_TooManyGenres_ResourceExhaustedNamingField()
    {
        var request = new SimilarMoviesRequest { MovieId = "m0", Genres = { "A", "B", "C", "D" } };

        var error = await Assert.ThrowsAsync<RpcException>(() => _server.Recommendations.SimilarMoviesAsync(request).ResponseAsync.WithTimeout());

        AssertViolation(error, StatusCode.ResourceExhausted, "genres", "Recommender:Limits:MaxIdsPerRequest");
    }

    [Fact]
    public async Task UpsertMovies_TooManyMovies_ResourceExhaustedNamingFieldAndSetting()
    {
        var request = new UpsertMoviesRequest { Movies = { Movie("n0"), Movie("n1"), Movie("n2"), Movie("n3"), Movie("n4") } };

        var error = await Assert.ThrowsAsync<RpcException>(() => _server.Catalog.UpsertMoviesAsync(request).ResponseAsync.WithTimeout());

        AssertViolation(error, StatusCode.ResourceExhausted, "movies", "Recommender:Limits:MaxMoviesPerUpsert");
        Assert.Equal(4, (await _server.CountRowsAsync()).Movies);
    }

    [Fact]
    public async Task UpsertMovies_TooManyGenresOnOneMovie_NamesTheMovie()
    {
        var request = new UpsertMoviesRequest { Movies = { Movie("n0"), Movie("n1", genres: ["A", "B", "C"]) } };

        var error = await Assert.ThrowsAsync<RpcException>(() => _server.Catalog.UpsertMoviesAsync(request).ResponseAsync.WithTimeout());

        AssertViolation(error, StatusCode.ResourceExhausted, "movies[1].genres", "Recommender:Limits:MaxGenresPerMovie");
        Assert.Equal(4, (await _server.CountRowsAsync()).Movies);
    }

    [Fact]
    public async Task UpsertMovies_MessageOverMaxBytes_ResourceExhaustedAndStoresNothing()
    {
        // Four movies with 500-character titles: valid in every field, but over the 2048-byte message limit together.
        var request = new UpsertMoviesRequest { Movies = { Movie("n0", new string('a', 500)), Movie("n1", new string('b', 500)), Movie("n2", new string('c', 500)), Movie("n3", new string('d', 500)) } };

        var error = await Assert.ThrowsAsync<RpcException>(() => _server.Catalog.UpsertMoviesAsync(request).ResponseAsync.WithTimeout());

        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
        Assert.Equal(4, (await _server.CountRowsAsync()).Movies);
    }

    [Theory]
    [InlineData(1001)]
    [InlineData(-1)]
    public async Task RecommendForUser_LimitOutOfRange_InvalidArgumentWithFieldViolation(int limit)
    {
        var request = new RecommendForUserRequest { UserId = "u1", Limit = limit };

        var error = await Assert.ThrowsAsync<RpcException>(() => _server.Recommendations.RecommendForUserAsync(request).ResponseAsync.WithTimeout());

        AssertViolation(error, StatusCode.InvalidArgument, "limit", "between 1 and 1000");
    }

    [Fact]
    public async Task AddRating_IdOver128Characters_InvalidArgumentNamingField()
    {
        var request = new AddRatingRequest { UserId = new string('u', 129), MovieId = "m0", Value = 3 };

        var error = await Assert.ThrowsAsync<RpcException>(() => _server.Ratings.AddRatingAsync(request).ResponseAsync.WithTimeout());

        AssertViolation(error, StatusCode.InvalidArgument, "user_id", "1-128 characters");
        Assert.Equal(0, (await _server.CountRowsAsync()).Ratings);
    }

    [Fact]
    public async Task UpsertMovies_TitleOver512Characters_InvalidArgumentNamingField()
    {
        var request = new UpsertMoviesRequest { Movies = { Movie("n0"), Movie("n1", new string('t', 513)) } };

        var error = await Assert.ThrowsAsync<RpcException>(() => _server.Catalog.UpsertMoviesAsync(request).ResponseAsync.WithTimeout());

        AssertViolation(error, StatusCode.InvalidArgument, "movies[1].title", "1-512 characters");
    }

    [Fact]
    public void Start_MaxLimitAboveTheApiCap_Refuses()
    {
        var error = Record.Exception(() => TestServer.Start(settings: new Dictionary<string, string?> { ["Recommender:Limits:MaxLimit"] = "5000" }));

        Assert.NotNull(error);
        Assert.Contains("Recommender:Limits:MaxLimit must be at most 1000", error.ToString(), StringComparison.Ordinal);
    }

    private static void AssertViolation(RpcException error, StatusCode code, string field, string mention)
    {
        Assert.Equal(code, error.StatusCode);
        Assert.StartsWith(field + ":", error.Status.Detail, StringComparison.Ordinal);
        Assert.Contains(mention, error.Status.Detail, StringComparison.Ordinal);
        var badRequest = error.GetRpcStatus()?.GetDetail<BadRequest>();
        Assert.NotNull(badRequest);
        Assert.Equal(field, Assert.Single(badRequest.FieldViolations).Field);
    }
}
