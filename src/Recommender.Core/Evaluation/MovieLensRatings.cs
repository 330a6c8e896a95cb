using System.Globalization;
using Recommender.Core.Data;

namespace Recommender.Core.Evaluation;

/// <summary>
/// Reads MovieLens rating files for evaluation: ml-100k's <c>u.data</c> and fold files <c>uN.base</c>/<c>uN.test</c>
/// (tab separated <c>user movie rating timestamp</c>), or a newer folder's <c>ratings.csv</c>
/// (<c>userId,movieId,rating,timestamp</c> with a header).
/// </summary>
/// <remarks>
/// Ids become dense indices through one vocabulary per kind over every file read together, ordered numerically
/// when all ids are integers (so ml-100k's 1-based ids map to id − 1, as the peers do) and ordinally otherwise;
/// train and test therefore always share the vocabulary.
/// </remarks>
public static class MovieLensRatings
{
    /// <summary>Loads the ml-100k folds <c>u{fold}.base</c>/<c>u{fold}.test</c> of <paramref name="directory"/>.</summary>
    /// <exception cref="FileNotFoundException">A fold file is missing.</exception>
    /// <exception cref="FormatException">A line is malformed; the message names the file and line.</exception>
    public static Split LoadFold(string directory, int fold)
    {
        ArgumentNullException.ThrowIfNull(directory);
        var train = ReadRows(Path.Combine(directory, $"u{fold}.base"));
        var test = ReadRows(Path.Combine(directory, $"u{fold}.test"));
        var (users, movies) = Vocabularies(train, test);
        return new Split(ToTimed(train, users, movies).Ratings, ToTimed(test, users, movies).Ratings);
    }

    /// <summary>Loads every rating of <paramref name="directory"/>: <c>u.data</c> if present, else <c>ratings.csv</c>.</summary>
    /// <exception cref="FileNotFoundException">Neither file exists.</exception>
    /// <exception cref="FormatException">A line is malformed; the message names the file and line.</exception>
    public static TimedRatings LoadAll(string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        var udata = Path.Combine(directory, "u.data");
        var csv = Path.Combine(directory, "ratings.csv");
        var rows = File.Exists(udata) ? ReadRows(udata)
            : File.Exists(csv) ? ReadRows(csv)
            : throw new FileNotFoundException($"neither u.data nor ratings.csv in {directory}", udata);
        var (users, movies) = Vocabularies(rows);
        return ToTimed(rows, users, movies);
    }

    /// <summary>Whether <paramref name="directory"/> holds the ml-100k fold files u1.base … u{folds}.test.</summary>
    public static bool HasFolds(string directory, int folds) =>
        Enumerable.Range(1, folds).All(f =>
            File.Exists(Path.Combine(directory, $"u{f}.base")) && File.Exists(Path.Combine(directory, $"u{f}.test")));

    private readonly record struct Row(string User, string Movie, float Value, long Timestamp);

    private static List<Row> ReadRows(string path)
    {
        var rows = new List<Row>();
        var csv = path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase);
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (line.Length == 0 || (csv && lineNumber == 1 && line.StartsWith("userId", StringComparison.Ordinal)))
            {
                continue;
            }

            var parts = csv ? line.Split(',') : line.Split('\t');
            if (parts.Length < 3
                || !float.TryParse(parts[2], NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
                || !float.IsFinite(value))
            {
                throw new FormatException($"{path}:{lineNumber}: expected user, movie, rating[, timestamp]");
            }

            long timestamp = 0;
            if (parts.Length > 3 && !long.TryParse(parts[3], NumberStyles.Integer, CultureInfo.InvariantCulture, out timestamp))
            {
                throw new FormatException($"{path}:{lineNumber}: timestamp must be an integer");
            }

            rows.Add(new Row(parts[0].Trim(), parts[1].Trim(), value, timestamp));
        }

        return rows;
    }

    private static (IdVocabulary Users, IdVocabulary Movies) Vocabularies(params List<Row>[] parts) =>
        (Vocabulary(parts.SelectMany(p => p).Select(r => r.User)), Vocabulary(parts.SelectMany(p => p).Select(r => r.Movie)));

    private static IdVocabulary Vocabulary(IEnumerable<string> ids)
    {
        var distinct = ids.Distinct(StringComparer.Ordinal).ToList();
        var numeric = distinct.All(id => long.TryParse(id, NumberStyles.Integer, CultureInfo.InvariantCulture, out _));
        var ordered = numeric
            ? distinct.OrderBy(id => long.Parse(id, CultureInfo.InvariantCulture))
            : distinct.OrderBy(id => id, StringComparer.Ordinal);
        return new IdVocabulary(ordered);
    }

    private static TimedRatings ToTimed(List<Row> rows, IdVocabulary users, IdVocabulary movies)
    {
        var u = new int[rows.Count];
        var m = new int[rows.Count];
        var v = new float[rows.Count];
        var t = new long[rows.Count];
        for (var i = 0; i < rows.Count; i++)
        {
            users.TryGetIndex(rows[i].User, out u[i]);
            movies.TryGetIndex(rows[i].Movie, out m[i]);
            v[i] = rows[i].Value;
            t[i] = rows[i].Timestamp;
        }

        return new TimedRatings(new RatingSet(u, m, v, users.Count, movies.Count), t);
    }
}
