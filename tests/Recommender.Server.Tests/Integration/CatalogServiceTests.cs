using Grpc.Core;
using Recommender.Contracts.V1;
using Recommender.Server.Tests.Infrastructure;
using static Recommender.Server.Tests.Integration.Fixtures;

namespace Recommender.Server.Tests.Integration;

public sealed class CatalogServiceTests : IAsyncLifetime
{
    private TestServer _server = null!;

    public Task InitializeAsync()
    {
        _server = TestServer.Start();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task UpsertMovies_ThenGetMovie_ReturnsWhatWasStored()
    {
        // Arrange
        var movie = Movie("tt0133093", "The Matrix", 1999, "Action", "Sci-Fi");

        // Act
        var upserted = await _server.Catalog.UpsertMoviesAsync(new UpsertMoviesRequest { Movies = { movie } }).ResponseAsync.WithTimeout();
        var got = await _server.Catalog.GetMovieAsync(new GetMovieRequest { MovieId = "tt0133093" }).ResponseAsync.WithTimeout();

        // Assert
        Assert.Equal(1, upserted.Upserted);
        Assert.Equal(movie, got.Movie);
    }

    [Fact]
    public async Task UpsertMovies_ExistingId_UpdatesInPlace()
    {
        // Arrange
        await _server.Catalog.UpsertMoviesAsync(new UpsertMoviesRequest { Movies = { Movie("a", "Old title", 1990, "Drama") } }).ResponseAsync.WithTimeout();

        // Act
        await _server.Catalog.UpsertMoviesAsync(new UpsertMoviesRequest { Movies = { Movie("a", "New title", 1991, "Comedy") } }).ResponseAsync.WithTimeout();
        var got = await _server.Catalog.GetMovieAsync(new GetMovieRequest { MovieId = "a" }).ResponseAsync.WithTimeout();

        // Assert
        Assert.Equal(Movie("a", "New title", 1991, "Comedy"), got.Movie);
        Assert.Equal(1, (await _server.CountRowsAsync()).Movies);
    }

    [Fact]
    public async Task GetMovie_Unknown_ReturnsNotFoundNamingTheField()
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => _server.Catalog.GetMovieAsync(new GetMovieRequest { MovieId = "nope" }).ResponseAsync.WithTimeout());

        Assert.Equal(StatusCode.NotFound, error.StatusCode);
        Assert.Contains("movie_id", error.Status.Detail, StringComparison.Ordinal);
    }

    public static TheoryData<string, Movie> InvalidMovies => new()
    {
        { "movies[1].movie_id", Movie("") },
        { "movies[1].movie_id", Movie(new string('x', 129)) },
        { "movies[1].title", new Movie { MovieId = "x", Title = " " } },
        { "movies[1].year", Movie("x", year: 42) },
        { "movies[1].genres[0]", Movie("x", genres: "Bad|Genre") },
        { "movies[1].movie_id", Movie("ok") },
    };

    [Theory]
    [MemberData(nameof(InvalidMovies))]
    public async Task UpsertMovies_OneInvalidMovie_FailsWholeCallNamingFieldAndStoresNothing(string field, Movie invalid)
    {
        // Arrange
        var before = await _server.CountRowsAsync();
        var request = new UpsertMoviesRequest { Movies = { Movie("ok"), invalid, Movie("ok2") } };

        // Act
        var error = await Assert.ThrowsAsync<RpcException>(() => _server.Catalog.UpsertMoviesAsync(request).ResponseAsync.WithTimeout());

        // Assert
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.StartsWith(field, error.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(before, await _server.CountRowsAsync());
    }

    [Fact]
    public async Task UpsertMovies_TooMany_ReturnsResourceExhausted()
    {
        await using var server = TestServer.Start(settings: new Dictionary<string, string?> { ["Recommender:Limits:MaxMoviesPerUpsert"] = "2" });
        var request = new UpsertMoviesRequest { Movies = { Movie("a"), Movie("b"), Movie("c") } };

        var error = await Assert.ThrowsAsync<RpcException>(() => server.Catalog.UpsertMoviesAsync(request).ResponseAsync.WithTimeout());

        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
        Assert.Equal(0, (await server.CountRowsAsync()).Movies);
    }

    [Fact]
    public async Task ListMovies_PagesThroughEverythingOnceInOrder()
    {
        // Arrange
        await SeedMoviesAsync(_server, 25);
        var seen = new List<string>();
        var token = "";

        // Act
        do
        {
            var page = await _server.Catalog.ListMoviesAsync(new ListMoviesRequest { PageSize = 10, PageToken = token }).ResponseAsync.WithTimeout();
            Assert.True(page.Movies.Count <= 10);
            seen.AddRange(page.Movies.Select(m => m.MovieId));
            token = page.NextPageToken;
        }
        while (token.Length > 0);

        // Assert
        Assert.Equal(Enumerable.Range(0, 25).Select(i => $"m{i}"), seen);
    }

    [Fact]
    public async Task ListMovies_GenreFilter_ReturnsOnlyThatGenreCaseInsensitive()
    {
        // Arrange
        await _server.Catalog.UpsertMoviesAsync(new UpsertMoviesRequest
        {
            Movies = { Movie("a", genres: ["Drama", "Romance"]), Movie("b", genres: "Comedy"), Movie("c", genres: "Dramatic"), Movie("d", genres: "drama") },
        }).ResponseAsync.WithTimeout();

        // Act
        var page = await _server.Catalog.ListMoviesAsync(new ListMoviesRequest { Genre = "DRAMA" }).ResponseAsync.WithTimeout();

        // Assert
        Assert.Equal(["a", "d"], page.Movies.Select(m => m.MovieId));
        Assert.Equal("", page.NextPageToken);
    }

    [Theory]
    [InlineData(-1, "", "page_size")]
    [InlineData(1001, "", "page_size")]
    [InlineData(10, "not-a-token", "page_token")]
    public async Task ListMovies_BadPaging_ReturnsInvalidArgumentNamingField(int pageSize, string token, string field)
    {
        var error = await Assert.ThrowsAsync<RpcException>(() =>
            _server.Catalog.ListMoviesAsync(new ListMoviesRequest { PageSize = pageSize, PageToken = token }).ResponseAsync.WithTimeout());

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.StartsWith(field, error.Status.Detail, StringComparison.Ordinal);
    }
}
