using System.Text;

namespace Recommender.Benchmarks.Report;

/// <summary>The genre flags of MovieLens 100k's <c>u.item</c> (pipe separated, Latin-1, the last 19 fields are 0/1 flags).</summary>
internal static class MovieLensGenres
{
    /// <summary>The flag order of <c>u.genre</c>.</summary>
    public static readonly string[] Names =
    [
        "unknown", "Action", "Adventure", "Animation", "Children's", "Comedy", "Crime", "Documentary", "Drama", "Fantasy",
        "Film-Noir", "Horror", "Musical", "Mystery", "Romance", "Sci-Fi", "Thriller", "War", "Western",
    ];

    /// <summary>Each movie's genre names, indexed by the 0-based movie id the folds use.</summary>
    public static string[][] Load(string directory)
    {
        var byMovie = new Dictionary<int, string[]>();
        foreach (var line in File.ReadLines(Path.Combine(directory, "u.item"), Encoding.Latin1))
        {
            if (line.Length == 0)
            {
                continue;
            }

            var parts = line.Split('|');
            var flags = parts[^Names.Length..];
            var id = int.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture) - 1;
            byMovie[id] = Names.Where((_, i) => flags[i] == "1").ToArray();
        }

        var genres = new string[byMovie.Keys.Max() + 1][];
        for (var m = 0; m < genres.Length; m++)
        {
            genres[m] = byMovie.TryGetValue(m, out var g) ? g : [];
        }

        return genres;
    }
}
