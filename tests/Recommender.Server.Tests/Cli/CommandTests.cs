using System.Text.Json;
using Grpc.Core;
using Recommender.Cli;
using Recommender.Cli.Commands;
using Recommender.Server.Tests.Infrastructure;
using Recommender.Server.Tests.Integration;

namespace Recommender.Server.Tests.Cli;

public sealed class CommandTests : IAsyncLifetime
{
    private readonly MovieLensFolders _folders = new();
    private TestServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = TestServer.Start();
        var import = await _server.RunCliAsync("import", _folders.WriteCsv());
        Assert.True(import.ExitCode == ExitCodes.Ok, import.Error);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _folders.Dispose();
    }

    [Fact]
    public async Task Rate_ThenRatings_RoundTrips()
    {
        // Act
        var rate = await _server.RunCliAsync("rate", "alice", "3", "4.5");
        var ratings = await _server.RunCliAsync("ratings", "alice");

        // Assert
        Assert.True(rate.ExitCode == ExitCodes.Ok, rate.Error);
        Assert.Contains("alice rated Heat (1995) 4.5.", rate.Console, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Ok, ratings.ExitCode);
        Assert.Contains("Heat", ratings.Console, StringComparison.Ordinal);
        Assert.Contains("Action, Crime, Thriller", ratings.Console, StringComparison.Ordinal);
        Assert.Contains("4.5", ratings.Console, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rate_ByUniqueTitle_StoresRatingForThatMovie()
    {
        // Act
        var result = await _server.RunCliAsync("rate", "bob", "american president", "3");

        // Assert
        Assert.True(result.ExitCode == ExitCodes.Ok, result.Error);
        var stored = await _server.Ratings.GetUserRatingsAsync(new Contracts.V1.GetUserRatingsRequest { UserId = "bob" }).ResponseAsync.WithTimeout();
        Assert.Equal(("2", 3f), (stored.Ratings.Single().MovieId, stored.Ratings.Single().Value));
    }

    [Fact]
    public async Task RatingsJson_ImportedUser_ParsesWithTitles()
    {
        // Act
        var result = await _server.RunCliAsync("--json", "ratings", "1");

        // Assert
        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.Equal("", result.Console);
        using var json = JsonDocument.Parse(result.Output);
        Assert.Equal("1", json.RootElement.GetProperty("userId").GetString());
        var ratings = json.RootElement.GetProperty("ratings").EnumerateArray()
            .Select(r => (r.GetProperty("movieId").GetString(), r.GetProperty("title").GetString(), r.GetProperty("year").GetInt32(), r.GetProperty("value").GetSingle()))
            .OrderBy(r => r.Item1, StringComparer.Ordinal)
            .ToList();
        Assert.Equal([("1", "Toy Story", 1995, 4.0f), ("3", "Heat", 1995, 4.5f)], ratings);
    }

    [Fact]
    public async Task RatingsJson_UnknownUser_ParsesAsEmptyList()
    {
        // Act
        var result = await _server.RunCliAsync("ratings", "nobody", "--json");

        // Assert
        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        using var json = JsonDocument.Parse(result.Output);
        Assert.Equal(0, json.RootElement.GetProperty("ratings").GetArrayLength());
    }

    [Fact]
    public async Task RateJson_Rating_ParsesWithMovie()
    {
        // Act
        var result = await _server.RunCliAsync("--json", "rate", "carol", "Toy Story", "5");

        // Assert
        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        using var json = JsonDocument.Parse(result.Output);
        Assert.Equal("1", json.RootElement.GetProperty("movieId").GetString());
        Assert.Equal(5f, json.RootElement.GetProperty("value").GetSingle());
    }

    [Fact]
    public async Task Rate_ValueOutOfRange_ExitsWithUsageNamingField()
    {
        // Act
        var result = await _server.RunCliAsync("rate", "alice", "1", "9");

        // Assert
        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("INVALID_ARGUMENT: value: must be within [0.5, 5], got 9", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rate_ValueNotANumber_ExitsWithUsage()
    {
        // Act
        var result = await _server.RunCliAsync("rate", "alice", "1", "lots");

        // Assert
        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("the rating must be a number such as 4.5, got 'lots'", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rate_UnknownMovie_ExitsWithNotFound()
    {
        // Act
        var result = await _server.RunCliAsync("rate", "alice", "Nonexistent Film", "4");

        // Assert
        Assert.Equal(ExitCodes.Error, result.ExitCode);
        Assert.Contains("NOT_FOUND: movie 'Nonexistent Film' is not known", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Similar_AmbiguousTitle_ExitsWithUsageListingCandidates()
    {
        // Act
        var result = await _server.RunCliAsync("similar", "HEAT");

        // Assert
        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("'HEAT' matches 2 movies", result.Error, StringComparison.Ordinal);
        Assert.Contains("3          Heat (1995)", result.Error, StringComparison.Ordinal);
        Assert.Contains("4          Heat (1986)", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("3", "3")]
    [InlineData("heat (1986)", "4")]
    [InlineData("Heat (1995)", "3")]
    [InlineData("toy story", "1")]
    [InlineData("Toy Story (1995)", "1")]
    [InlineData("american PRESIDENT", "2")]
    [InlineData("quote \"test\"", "6")]
    public async Task Resolve_IdOrTitle_FindsTheMovie(string query, string expectedId)
    {
        // Arrange
        var (context, _, _, _) = _server.Context();
        using var _ = context;

        // Act
        var movie = await MovieResolver.ResolveAsync(context, query, CancellationToken.None).WithTimeout();

        // Assert
        Assert.Equal(expectedId, movie.MovieId);
    }

    [Fact]
    public async Task Resolve_ExactTitleAndSubstringMatches_PrefersExact()
    {
        // Arrange
        await _server.Catalog.UpsertMoviesAsync(new Contracts.V1.UpsertMoviesRequest
        {
            Movies = { Fixtures.Movie("10", "Alien", 1979), Fixtures.Movie("11", "Aliens", 1986), Fixtures.Movie("12", "Alien Nation", 1988) },
        }).ResponseAsync.WithTimeout();
        var (context, _, _, _) = _server.Context();
        using var _ = context;

        // Act
        var movie = await MovieResolver.ResolveAsync(context, "alien", CancellationToken.None).WithTimeout();

        // Assert
        Assert.Equal("10", movie.MovieId);
    }

    [Fact]
    public async Task UnknownCommand_ExitsWithUsage()
    {
        // Act
        var result = await _server.RunCliAsync("recomend", "alice");

        // Assert
        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("recommender --help", result.Error, StringComparison.Ordinal);
    }
}
