using System.Globalization;
using Recommender.Core.Data;

namespace Recommender.Benchmarks;

/// <summary>Reads the MovieLens 100k folds (uN.base / uN.test, tab separated, 1-based ids).</summary>
internal static class MovieLensFolds
{
    public static (RatingSet Train, RatingSet Test) Load(string directory, int fold)
    {
        var train = Read(Path.Combine(directory, $"u{fold}.base"));
        var test = Read(Path.Combine(directory, $"u{fold}.test"));

        // Tables are sized over both parts, as the PyTorch peer does; test-only users keep their initial rows.
        var users = Math.Max(train.Users.Max(), test.Users.Max()) + 1;
        var movies = Math.Max(train.Movies.Max(), test.Movies.Max()) + 1;
        return (new RatingSet(train.Users, train.Movies, train.Values, users, movies),
            new RatingSet(test.Users, test.Movies, test.Values, users, movies));
    }

    /// <summary>All 100,000 ratings of <c>u.data</c>, with the same 0-based ids as the folds.</summary>
    public static RatingSet LoadAll(string directory)
    {
        var (users, movies, values) = Read(Path.Combine(directory, "u.data"));
        return new RatingSet(users, movies, values, users.Max() + 1, movies.Max() + 1);
    }

    private static (int[] Users, int[] Movies, float[] Values) Read(string path)
    {
        var users = new List<int>();
        var movies = new List<int>();
        var values = new List<float>();
        foreach (var line in File.ReadLines(path))
        {
            if (line.Length == 0)
            {
                continue;
            }

            var parts = line.Split('\t');
            users.Add(int.Parse(parts[0], CultureInfo.InvariantCulture) - 1);
            movies.Add(int.Parse(parts[1], CultureInfo.InvariantCulture) - 1);
            values.Add(float.Parse(parts[2], CultureInfo.InvariantCulture));
        }

        return (users.ToArray(), movies.ToArray(), values.ToArray());
    }
}
