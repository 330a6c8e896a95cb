using System.Text.Json;
using Recommender.Cli;
using Recommender.Cli.Commands;
using Recommender.Contracts.V1;
using Recommender.Server.Tests.Infrastructure;
using Recommender.Server.Tests.Integration;

namespace Recommender.Server.Tests.Cli;

public sealed class ImportCommandTests : IAsyncLifetime
{
    private readonly MovieLensFolders _folders = new();
    private TestServer _server = null!;

    public Task InitializeAsync()
    {
        _server = TestServer.Start();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _folders.Dispose();
    }

    [Fact]
    public async Task Import_CsvFolder_StoresMoviesWithYearsAndGenresAndRatings()
    {
        // Arrange
        var folder = _folders.WriteCsv();

        // Act
        var result = await _server.RunCliAsync("import", folder);

        // Assert
        Assert.True(result.ExitCode == ExitCodes.Ok, result.Error);
        Assert.Contains("Imported 6 movies and 5 ratings (3 new users)", result.Console, StringComparison.Ordinal);
        var counts = await _server.CountRowsAsync();
        Assert.Equal((3L, 6L, 5L), (counts.Users, counts.Movies, counts.Ratings));
        Assert.Equal(Movie("2", "American President, The", 1995, "Comedy", "Drama", "Romance"), await GetMovieAsync("2"));
        Assert.Equal(Movie("5", "Untitled Project", 0), await GetMovieAsync("5"));
        Assert.Equal(Movie("6", "Quote \"Test\" Movie", 2001, "Drama"), await GetMovieAsync("6"));
        Assert.Equal(Movie("1", "Toy Story", 1995, "Adventure", "Animation", "Children", "Comedy", "Fantasy"), await GetMovieAsync("1"));
        var ratings = await _server.Ratings.GetUserRatingsAsync(new GetUserRatingsRequest { UserId = "1" }).ResponseAsync.WithTimeout();
        Assert.Equal(
            [Fixtures.Rating("1", "1", 4.0f, 964982703), Fixtures.Rating("1", "3", 4.5f, 964981247)],
            ratings.Ratings.OrderBy(r => r.MovieId, StringComparer.Ordinal));
    }

    [Fact]
    public async Task Import_100KFolder_StoresLatin1TitlesDateYearsAndFlagGenres()
    {
        // Arrange
        var folder = _folders.Write100K();

        // Act
        var result = await _server.RunCliAsync("import", folder);

        // Assert
        Assert.True(result.ExitCode == ExitCodes.Ok, result.Error);
        var counts = await _server.CountRowsAsync();
        Assert.Equal((3L, 4L, 4L), (counts.Users, counts.Movies, counts.Ratings));
        Assert.Equal(Movie("1", "Toy Story", 1995, "Animation", "Children's", "Comedy"), await GetMovieAsync("1"));
        Assert.Equal(Movie("2", "Café au Lait", 1994, "Comedy", "Romance"), await GetMovieAsync("2"));
        Assert.Equal(Movie("3", "Mystery Film", 1996, "Mystery", "Thriller"), await GetMovieAsync("3"));
        Assert.Equal(Movie("4", "Unknown Thing", 1997), await GetMovieAsync("4"));
        var ratings = await _server.Ratings.GetUserRatingsAsync(new GetUserRatingsRequest { UserId = "196" }).ResponseAsync.WithTimeout();
        Assert.Equal(
            [Fixtures.Rating("196", "1", 3f, 881250949), Fixtures.Rating("196", "3", 1f, 878887116)],
            ratings.Ratings.OrderBy(r => r.MovieId, StringComparer.Ordinal));
    }

    [Fact]
    public async Task Import_SmallChunksAndStreams_StoresEverything()
    {
        // Arrange
        var folder = _folders.WriteCsv();
        var (context, _, _, error) = _server.Context();

        // Act
        var exitCode = await ImportCommand.RunAsync(context, folder, new ImportOptions(MoviesPerCall: 4, RatingsPerStream: 2), CancellationToken.None).WithTimeout();

        // Assert
        Assert.True(exitCode == ExitCodes.Ok, error.ToString());
        var counts = await _server.CountRowsAsync();
        Assert.Equal((3L, 6L, 5L), (counts.Users, counts.Movies, counts.Ratings));
    }

    [Fact]
    public async Task Import_Json_PrintsParsableSummaryOnly()
    {
        // Arrange
        var folder = _folders.WriteCsv();

        // Act
        var result = await _server.RunCliAsync("--json", "import", folder);

        // Assert
        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.Equal("", result.Console);
        using var json = JsonDocument.Parse(result.Output);
        Assert.Equal("ml-latest", json.RootElement.GetProperty("format").GetString());
        Assert.Equal(6, json.RootElement.GetProperty("movies").GetInt32());
        Assert.Equal(5, json.RootElement.GetProperty("ratings").GetInt64());
        Assert.Equal(3, json.RootElement.GetProperty("newUsers").GetInt64());
    }

    public static TheoryData<string, string, int, string> MalformedFiles => new()
    {
        { "ratings.csv", "1,1,9.0,964982703", 4, "rating must be between 0.5 and 5, got 9" },
        { "ratings.csv", "1,1,4.0", 4, "expected 4 columns, got 3" },
        { "ratings.csv", "1,one,4.0,964982703", 4, "movieId must be a positive whole number, got 'one'" },
        { "ratings.csv", "1,99,4.0,964982703", 4, "movie id 99 is not in movies.csv" },
        { "movies.csv", "3,Heat (1995)", 4, "expected 3 columns, got 2" },
        { "movies.csv", "three,Heat (1995),Action", 4, "movieId must be a positive whole number, got 'three'" },
        { "u.data", "196\t1\tfive\t881250949", 2, "rating must be a number, got 'five'" },
        { "u.data", "196\t1", 2, "expected 4 columns, got 2" },
        { "u.item", "2|Café au Lait (1994)|01-Jan-1994||url|0|1", 2, "expected 24 columns, got 7" },
        { "u.item", "2|Café au Lait (1994)|sometime||url|" + string.Join('|', Enumerable.Repeat("0", 19)), 2, "release date must look like 01-Jan-1995, got 'sometime'" },
    };

    [Theory]
    [MemberData(nameof(MalformedFiles))]
    public async Task Import_MalformedLine_FailsWithFileAndLineAndImportsNothing(string file, string badLine, int line, string problem)
    {
        // Arrange
        await _server.Catalog.UpsertMoviesAsync(new UpsertMoviesRequest { Movies = { Fixtures.Movie("existing") } }).ResponseAsync.WithTimeout();
        var before = await _server.CountRowsAsync();
        var folder = file switch
        {
            "ratings.csv" => _folders.WriteCsv(ratings: MovieLensFolders.ReplaceLine(MovieLensFolders.RatingsCsv, line, badLine)),
            "movies.csv" => _folders.WriteCsv(movies: MovieLensFolders.ReplaceLine(MovieLensFolders.MoviesCsv, line, badLine)),
            "u.data" => _folders.Write100K(data: MovieLensFolders.ReplaceLine(MovieLensFolders.UData, line, badLine)),
            _ => _folders.Write100K(item: MovieLensFolders.ReplaceLine(MovieLensFolders.UItem, line, badLine)),
        };

        // Act
        var result = await _server.RunCliAsync("import", folder);

        // Assert
        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.StartsWith($"{Path.Combine(folder, file)}:{line}: {problem}", result.Error, StringComparison.Ordinal);
        Assert.Equal(before, await _server.CountRowsAsync());
    }

    [Fact]
    public async Task Import_FolderWithoutMovieLensFiles_ExitsWithUsageAndDownloadHint()
    {
        // Act
        var result = await _server.RunCliAsync("import", _folders.NewFolder());

        // Assert
        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("expected movies.csv + ratings.csv", result.Error, StringComparison.Ordinal);
        Assert.Contains("grouplens.org", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_MissingFolder_ExitsWithUsage()
    {
        // Act
        var result = await _server.RunCliAsync("import", Path.Combine(Path.GetTempPath(), "no-such-folder-" + Guid.NewGuid().ToString("N")));

        // Assert
        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("does not exist", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_SameFolderTwice_LeavesSameRows()
    {
        // Arrange
        var folder = _folders.Write100K();
        await _server.RunCliAsync("import", folder);
        var first = await _server.CountRowsAsync();

        // Act
        var result = await _server.RunCliAsync("import", folder);

        // Assert
        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.Equal(first, await _server.CountRowsAsync());
    }

    private static Movie Movie(string id, string title, int year, params string[] genres) =>
        new() { MovieId = id, Title = title, Year = year, Genres = { genres } };

    private async Task<Movie> GetMovieAsync(string id) =>
        (await _server.Catalog.GetMovieAsync(new GetMovieRequest { MovieId = id }).ResponseAsync.WithTimeout()).Movie;
}
