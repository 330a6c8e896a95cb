using Recommender.Cli.MovieLens;

namespace Recommender.Server.Tests.Cli;

public sealed class MovieLensReaderTests : IDisposable
{
    private readonly MovieLensFolders _folders = new();

    public void Dispose() => _folders.Dispose();

    [Theory]
    [InlineData("Toy Story (1995)", "Toy Story", 1995)]
    [InlineData("  Heat (1995) ", "Heat", 1995)]
    [InlineData("(500) Days of Summer (2009)", "(500) Days of Summer", 2009)]
    [InlineData("1984 (1984)", "1984", 1984)]
    [InlineData("Babylon 5 (1993-1998)", "Babylon 5", 1993)]
    [InlineData("Fawlty Towers (1975\u20131979)", "Fawlty Towers", 1975)]
    [InlineData("Untitled Project", "Untitled Project", 0)]
    [InlineData("(1995)", "(1995)", 1995)]
    [InlineData("Far Future (3001)", "Far Future", 0)]
    public void Split_Title_ExtractsTrailingYear(string raw, string title, int year)
    {
        // Act
        var split = MovieLensTitle.Split(raw);

        // Assert
        Assert.Equal((title, year), split);
    }

    [Fact]
    public void ReadMovies_QuotedTitlesAndNoGenres_ParsesEveryField()
    {
        // Act
        var movies = MovieLensCsv.ReadMovies(new StringReader(MovieLensFolders.MoviesCsv), "movies.csv").ToList();

        // Assert
        Assert.Equal(6, movies.Count);
        Assert.Equal(new MovieRow("1", "Toy Story", 1995, movies[0].Genres, 2), movies[0]);
        Assert.Equal(["Adventure", "Animation", "Children", "Comedy", "Fantasy"], movies[0].Genres);
        Assert.Equal(("American President, The", 1995), (movies[1].Title, movies[1].Year));
        Assert.Equal(["Comedy", "Drama", "Romance"], movies[1].Genres);
        Assert.Equal(("Untitled Project", 0), (movies[4].Title, movies[4].Year));
        Assert.Empty(movies[4].Genres);
        Assert.Equal(("Quote \"Test\" Movie", 2001), (movies[5].Title, movies[5].Year));
    }

    [Fact]
    public void ReadRatings_Csv_ParsesRowsWithLineNumbers()
    {
        // Act
        var ratings = MovieLensCsv.ReadRatings(new StringReader(MovieLensFolders.RatingsCsv), "ratings.csv").ToList();

        // Assert
        Assert.Equal(5, ratings.Count);
        Assert.Equal(new RatingRow("1", "1", 4.0f, 964982703, 2), ratings[0]);
        Assert.Equal(new RatingRow("2", "5", 0.5f, 964983815, 5), ratings[3]);
    }

    [Theory]
    [InlineData("movieId,title,genres\n1,\"Unterminated (1995),Drama\n", 2, "unterminated quoted field")]
    [InlineData("movieId,title,genres\n1,Toy Story (1995)\n", 2, "expected 3 columns, got 2")]
    [InlineData("movieId,title,genres\n1,Toy Story (1995),Comedy\nx1,Heat (1995),Action\n", 3, "movieId must be a positive whole number, got 'x1'")]
    [InlineData("id,name,genres\n1,Toy Story (1995),Comedy\n", 1, "expected the header movieId,title,genres")]
    [InlineData("movieId,title,genres\n1,   ,Comedy\n", 2, "title must be")]
    public void ReadMovies_MalformedLine_ThrowsWithFileAndLine(string text, int line, string problem)
    {
        // Act
        var error = Assert.Throws<MalformedInputException>(() => MovieLensCsv.ReadMovies(new StringReader(text), "dir/movies.csv").ToList());

        // Assert
        Assert.Equal(line, error.Line);
        Assert.StartsWith($"dir/movies.csv:{line}: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1,1,9.0,964982703", "rating must be between 0.5 and 5, got 9")]
    [InlineData("1,1,four,964982703", "rating must be a number, got 'four'")]
    [InlineData("1,1,4.0", "expected 4 columns, got 3")]
    [InlineData("1,1,4.0,yesterday", "timestamp must be Unix seconds, got 'yesterday'")]
    [InlineData("-1,1,4.0,964982703", "userId must be a positive whole number")]
    public void ReadRatings_MalformedLine_ThrowsWithFileAndLine(string badLine, string problem)
    {
        // Arrange
        var text = MovieLensFolders.ReplaceLine(MovieLensFolders.RatingsCsv, 4, badLine);

        // Act
        var error = Assert.Throws<MalformedInputException>(() => MovieLensCsv.ReadRatings(new StringReader(text), "ratings.csv").ToList());

        // Assert
        Assert.StartsWith($"ratings.csv:4: {problem}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadMovies_100KLatin1File_DecodesAccentsYearsAndGenreFlags()
    {
        // Arrange
        var folder = _folders.Write100K(withGenreFile: false);

        // Act
        Assert.True(MovieLensDataset.TryDetect(folder, out var dataset));
        var movies = dataset.ReadMovies();

        // Assert
        Assert.Equal(MovieLensFormat.Ml100K, dataset.Format);
        Assert.Null(dataset.GenresPath);
        Assert.Equal(4, movies.Count);
        Assert.Equal(("Toy Story", 1995), (movies[0].Title, movies[0].Year));
        Assert.Equal(["Animation", "Children's", "Comedy"], movies[0].Genres);
        Assert.Equal(("Café au Lait", 1994), (movies[1].Title, movies[1].Year));
        Assert.Equal(("Mystery Film", 1996), (movies[2].Title, movies[2].Year));
        Assert.Equal(["Mystery", "Thriller"], movies[2].Genres);
        Assert.Equal(("Unknown Thing", 1997), (movies[3].Title, movies[3].Year));
        Assert.Empty(movies[3].Genres);
    }

    [Fact]
    public void ReadMovies_100KWithGenreFile_UsesItsNames()
    {
        // Arrange
        var genres = MovieLens100K.ReadGenres(new StringReader("none|0\nFast|1\nSlow|2\n\n"), "u.genre");
        var item = "7|Snail (2000)|01-Jan-2000||http://example.org|0|0|1\n";

        // Act
        var movie = Assert.Single(MovieLens100K.ReadMovies(new StringReader(item), "u.item", genres));

        // Assert
        Assert.Equal(["none", "Fast", "Slow"], genres);
        Assert.Equal(new MovieRow("7", "Snail", 2000, movie.Genres, 1), movie);
        Assert.Equal(["Slow"], movie.Genres);
    }

    [Fact]
    public void ReadRatings_100KTabSeparated_ParsesRows()
    {
        // Act
        var ratings = MovieLens100K.ReadRatings(new StringReader(MovieLensFolders.UData), "u.data").ToList();

        // Assert
        Assert.Equal(4, ratings.Count);
        Assert.Equal(new RatingRow("196", "1", 3f, 881250949, 1), ratings[0]);
    }

    [Theory]
    [InlineData("196\t1\t3", "u.data:2: expected 4 columns, got 3")]
    [InlineData("196\t1\t6\t881250949", "u.data:2: rating must be between 0.5 and 5, got 6")]
    [InlineData("196\tone\t3\t881250949", "u.data:2: item id must be a positive whole number, got 'one'")]
    public void ReadRatings_100KMalformedLine_ThrowsWithFileAndLine(string badLine, string message)
    {
        // Arrange
        var text = MovieLensFolders.ReplaceLine(MovieLensFolders.UData, 2, badLine);

        // Act
        var error = Assert.Throws<MalformedInputException>(() => MovieLens100K.ReadRatings(new StringReader(text), "u.data").ToList());

        // Assert
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void ReadMovies_100KBadGenreFlag_ThrowsWithFileAndLine()
    {
        // Arrange
        var text = MovieLensFolders.ReplaceLine(MovieLensFolders.UItem, 3, "3|Mystery Film|05-Oct-1996||http://example.org|" + string.Join('|', Enumerable.Repeat("2", 19)));

        // Act
        var error = Assert.Throws<MalformedInputException>(() => MovieLens100K.ReadMovies(new StringReader(text), "u.item", MovieLens100K.StandardGenres).ToList());

        // Assert
        Assert.Equal("u.item:3: genre flag 'unknown' must be 0 or 1, got '2'", error.Message);
    }

    [Fact]
    public void ReadMovies_RepeatedId_ThrowsNamingBothLines()
    {
        // Arrange
        var folder = _folders.WriteCsv(movies: MovieLensFolders.MoviesCsv + "3,Heat again (1995),Action\n");
        Assert.True(MovieLensDataset.TryDetect(folder, out var dataset));

        // Act
        var error = Assert.Throws<MalformedInputException>(dataset.ReadMovies);

        // Assert
        Assert.Equal(8, error.Line);
        Assert.EndsWith("movie id 3 already appeared on line 4", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryDetect_EmptyFolder_ReturnsFalse()
    {
        // Act
        var found = MovieLensDataset.TryDetect(_folders.NewFolder(), out _);

        // Assert
        Assert.False(found);
    }
}
