namespace Recommender.Cli.MovieLens;

/// <summary>
/// Readers for ml-latest and ml-25m: <c>movies.csv</c> (<c>movieId,title,genres</c>) and
/// <c>ratings.csv</c> (<c>userId,movieId,rating,timestamp</c>), both UTF-8 with a header line.
/// </summary>
public static class MovieLensCsv
{
    public const string MoviesFile = "movies.csv";

    public const string RatingsFile = "ratings.csv";

    private const string NoGenres = "(no genres listed)";

    /// <summary>Yields the movies of <paramref name="reader"/>, or throws <see cref="MalformedInputException"/> at the first bad line.</summary>
    public static IEnumerable<MovieRow> ReadMovies(TextReader reader, string file)
    {
        var fields = new List<string>(3);
        long line = 0;
        var header = true;
        while (reader.ReadLine() is { } text)
        {
            line++;
            if (text.Length == 0)
            {
                continue;
            }

            Split(text, fields, file, line);
            if (header)
            {
                header = false;
                ExpectHeader(fields, ["movieId", "title", "genres"], file, line);
                continue;
            }

            FieldParser.ColumnCount(fields, 3, file, line);
            var id = FieldParser.Id(fields[0], "movieId", file, line);
            var (title, year) = MovieLensTitle.Split(FieldParser.Title(fields[1], file, line));
            yield return new MovieRow(id, title, year, Genres(fields[2], file, line), line);
        }

        if (header)
        {
            throw new MalformedInputException(file, 1, "the file is empty; expected the header movieId,title,genres");
        }
    }

    /// <summary>Yields the ratings of <paramref name="reader"/> line by line, or throws <see cref="MalformedInputException"/>.</summary>
    public static IEnumerable<RatingRow> ReadRatings(TextReader reader, string file)
    {
        var fields = new List<string>(4);
        long line = 0;
        var header = true;
        while (reader.ReadLine() is { } text)
        {
            line++;
            if (text.Length == 0)
            {
                continue;
            }

            if (header)
            {
                header = false;
                Split(text, fields, file, line);
                ExpectHeader(fields, ["userId", "movieId", "rating", "timestamp"], file, line);
                continue;
            }

            // Rating lines never hold quotes, so a plain split is enough and much faster.
            var parts = text.Split(',');
            FieldParser.ColumnCount(parts, 4, file, line);
            yield return new RatingRow(
                FieldParser.Id(parts[0], "userId", file, line),
                FieldParser.Id(parts[1], "movieId", file, line),
                FieldParser.Rating(parts[2], file, line),
                FieldParser.Timestamp(parts[3], file, line),
                line);
        }

        if (header)
        {
            throw new MalformedInputException(file, 1, "the file is empty; expected the header userId,movieId,rating,timestamp");
        }
    }

    private static void Split(string text, List<string> fields, string file, long line)
    {
        if (CsvLine.Split(text, fields) is { } error)
        {
            throw new MalformedInputException(file, line, error);
        }
    }

    private static void ExpectHeader(List<string> fields, string[] expected, string file, long line)
    {
        if (!fields.SequenceEqual(expected, StringComparer.OrdinalIgnoreCase))
        {
            throw new MalformedInputException(file, line, $"expected the header {string.Join(',', expected)}, got '{string.Join(',', fields)}'");
        }
    }

    private static string[] Genres(string text, string file, long line)
    {
        if (text.Length == 0 || string.Equals(text, NoGenres, StringComparison.OrdinalIgnoreCase))
        {
            return [];
        }

        var genres = text.Split('|');
        foreach (var genre in genres)
        {
            if (string.IsNullOrWhiteSpace(genre) || genre.Length > 64)
            {
                throw new MalformedInputException(file, line, $"genres must be names separated by '|', got '{text}'");
            }
        }

        return genres;
    }
}
