using System.Globalization;
using System.Text;

namespace Recommender.Cli.MovieLens;

/// <summary>
/// Readers for ml-100k: <c>u.item</c> (Latin-1, <c>|</c>-separated, 19 genre flags), <c>u.genre</c>
/// (<c>name|index</c>) and <c>u.data</c> (tab-separated <c>user item rating timestamp</c>, no header).
/// </summary>
public static class MovieLens100K
{
    public const string ItemFile = "u.item";

    public const string DataFile = "u.data";

    public const string GenreFile = "u.genre";

    /// <summary>The flag columns of u.item, used when u.genre is absent.</summary>
    public static IReadOnlyList<string> StandardGenres { get; } =
    [
        "unknown", "Action", "Adventure", "Animation", "Children's", "Comedy", "Crime", "Documentary", "Drama", "Fantasy",
        "Film-Noir", "Horror", "Musical", "Mystery", "Romance", "Sci-Fi", "Thriller", "War", "Western",
    ];

    /// <summary>u.item and u.genre are not UTF-8: "Café" is one byte 0xE9.</summary>
    public static Encoding Encoding => Encoding.Latin1;

    private const int FixedItemColumns = 5;

    /// <summary>Genre names in flag order.</summary>
    public static IReadOnlyList<string> ReadGenres(TextReader reader, string file)
    {
        var genres = new List<string>();
        long line = 0;
        while (reader.ReadLine() is { } text)
        {
            line++;
            if (text.Length == 0)
            {
                continue;
            }

            var parts = text.Split('|');
            FieldParser.ColumnCount(parts, 2, file, line);
            if (!int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var index) || index != genres.Count)
            {
                throw new MalformedInputException(file, line, FormattableString.Invariant($"expected genre index {genres.Count}, got '{parts[1]}'"));
            }

            if (string.IsNullOrWhiteSpace(parts[0]) || parts[0].Length > 64)
            {
                throw new MalformedInputException(file, line, "genre name must be 1-64 characters");
            }

            genres.Add(parts[0]);
        }

        return genres;
    }

    /// <summary>Yields the movies of u.item; the "unknown" genre flag means no genre.</summary>
    public static IEnumerable<MovieRow> ReadMovies(TextReader reader, string file, IReadOnlyList<string> genreNames)
    {
        var columns = FixedItemColumns + genreNames.Count;
        long line = 0;
        while (reader.ReadLine() is { } text)
        {
            line++;
            if (text.Length == 0)
            {
                continue;
            }

            var parts = text.Split('|');
            FieldParser.ColumnCount(parts, columns, file, line);
            var id = FieldParser.Id(parts[0], "movie id", file, line);
            var (title, titleYear) = MovieLensTitle.Split(FieldParser.Title(parts[1], file, line));
            var year = ReleaseYear(parts[2], file, line) is var released and > 0 ? released : titleYear;
            var genres = new List<string>();
            for (var g = 0; g < genreNames.Count; g++)
            {
                var flag = parts[FixedItemColumns + g];
                if (flag is not ("0" or "1"))
                {
                    throw new MalformedInputException(file, line, $"genre flag '{genreNames[g]}' must be 0 or 1, got '{flag}'");
                }

                if (flag == "1" && !string.Equals(genreNames[g], "unknown", StringComparison.OrdinalIgnoreCase))
                {
                    genres.Add(genreNames[g]);
                }
            }

            yield return new MovieRow(id, title, year, genres, line);
        }
    }

    /// <summary>Yields the ratings of u.data line by line.</summary>
    public static IEnumerable<RatingRow> ReadRatings(TextReader reader, string file)
    {
        long line = 0;
        while (reader.ReadLine() is { } text)
        {
            line++;
            if (text.Length == 0)
            {
                continue;
            }

            var parts = text.Split('\t');
            FieldParser.ColumnCount(parts, 4, file, line);
            yield return new RatingRow(
                FieldParser.Id(parts[0], "user id", file, line),
                FieldParser.Id(parts[1], "item id", file, line),
                FieldParser.Rating(parts[2], file, line),
                FieldParser.Timestamp(parts[3], file, line),
                line);
        }
    }

    /// <summary>"01-Jan-1995" → 1995; empty → 0.</summary>
    private static int ReleaseYear(string text, string file, long line)
    {
        if (text.Length == 0)
        {
            return 0;
        }

        // "d" takes one or two digits: the real u.item has both "01-Jan-1995" and "4-Feb-1971".
        if (!DateTime.TryParseExact(text, "d-MMM-yyyy", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            throw new MalformedInputException(file, line, $"release date must look like 01-Jan-1995, got '{text}'");
        }

        return MovieLensTitle.ValidYear(date.Year);
    }
}
