using System.Text;

namespace Recommender.Server.Tests.Cli;

/// <summary>Small MovieLens folders in both layouts, written to a temporary directory per test.</summary>
internal sealed class MovieLensFolders : IDisposable
{
    public const string MoviesCsv =
        "movieId,title,genres\n" +
        "1,Toy Story (1995),Adventure|Animation|Children|Comedy|Fantasy\n" +
        "2,\"American President, The (1995)\",Comedy|Drama|Romance\n" +
        "3,Heat (1995),Action|Crime|Thriller\n" +
        "4,Heat (1986),Action|Drama\n" +
        "5,Untitled Project,(no genres listed)\n" +
        "6,\"Quote \"\"Test\"\" Movie (2001)\",Drama\n";

    public const string RatingsCsv =
        "userId,movieId,rating,timestamp\n" +
        "1,1,4.0,964982703\n" +
        "1,3,4.5,964981247\n" +
        "2,2,3.0,964982224\n" +
        "2,5,0.5,964983815\n" +
        "3,6,5.0,964983900\n";

    public const string UGenre =
        "unknown|0\nAction|1\nAdventure|2\nAnimation|3\nChildren's|4\nComedy|5\nCrime|6\nDocumentary|7\nDrama|8\nFantasy|9\n" +
        "Film-Noir|10\nHorror|11\nMusical|12\nMystery|13\nRomance|14\nSci-Fi|15\nThriller|16\nWar|17\nWestern|18\n\n";

    public const string UData =
        "196\t1\t3\t881250949\n" +
        "186\t2\t5\t891717742\n" +
        "196\t3\t1\t878887116\n" +
        "22\t4\t2\t880606923\n";

    private readonly List<string> _folders = [];

    /// <summary>Movies 1-4 of ml-100k: a Latin-1 "Café", a year only in the date, one only in the title, the "unknown" genre.</summary>
    public static string UItem { get; } = string.Join('\n',
        "1|Toy Story (1995)|01-Jan-1995||http://us.imdb.com/M/title-exact?Toy%20Story%20(1995)|" + Flags(3, 4, 5),
        "2|Café au Lait (1994)|01-Jan-1994||http://us.imdb.com/Title?Metisse+(1993)|" + Flags(5, 14),
        "3|Mystery Film|05-Oct-1996||http://example.org|" + Flags(13, 16),
        "4|Unknown Thing (1997)|||http://example.org|" + Flags(0)) + "\n";

    public string WriteCsv(string? movies = null, string? ratings = null)
    {
        var folder = NewFolder();
        File.WriteAllText(Path.Combine(folder, "movies.csv"), movies ?? MoviesCsv, new UTF8Encoding(false));
        File.WriteAllText(Path.Combine(folder, "ratings.csv"), ratings ?? RatingsCsv, new UTF8Encoding(false));
        return folder;
    }

    public string Write100K(string? item = null, string? data = null, bool withGenreFile = true)
    {
        var folder = NewFolder();
        File.WriteAllText(Path.Combine(folder, "u.item"), item ?? UItem, Encoding.Latin1);
        File.WriteAllText(Path.Combine(folder, "u.data"), data ?? UData, Encoding.Latin1);
        if (withGenreFile)
        {
            File.WriteAllText(Path.Combine(folder, "u.genre"), UGenre, Encoding.Latin1);
        }

        return folder;
    }

    public string NewFolder()
    {
        var folder = Path.Combine(Path.GetTempPath(), "recommender-tests", "movielens-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        _folders.Add(folder);
        return folder;
    }

    public static string ReplaceLine(string text, int line, string replacement)
    {
        var lines = text.Split('\n');
        lines[line - 1] = replacement;
        return string.Join('\n', lines);
    }

    public void Dispose()
    {
        foreach (var folder in _folders)
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static string Flags(params int[] set) =>
        string.Join('|', Enumerable.Range(0, 19).Select(i => set.Contains(i) ? "1" : "0"));
}
