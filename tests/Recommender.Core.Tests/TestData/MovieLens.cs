using System.Globalization;
using Recommender.Core.Data;

namespace Recommender.Core.Tests.TestData;

/// <summary>Finds the shared MovieLens 100k folder (never copied into the repo) and reads its folds.</summary>
internal static class MovieLens
{
    /// <summary>Walks up from the test binaries to the folder whose parent holds <c>shared/data/ml-100k</c>.</summary>
    public static string Directory100K
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "shared", "data", "ml-100k");
                if (File.Exists(Path.Combine(candidate, "u1.base")))
                {
                    return candidate;
                }
            }

            throw new DirectoryNotFoundException("shared/data/ml-100k not found beside the repository root");
        }
    }

    public static (RatingSet Train, RatingSet Test) LoadFold(int fold)
    {
        var dir = Directory100K;
        var train = Read(Path.Combine(dir, $"u{fold}.base"));
        var test = Read(Path.Combine(dir, $"u{fold}.test"));
        var users = Math.Max(train.Users.Max(), test.Users.Max()) + 1;
        var movies = Math.Max(train.Movies.Max(), test.Movies.Max()) + 1;
        return (new RatingSet(train.Users, train.Movies, train.Values, users, movies),
            new RatingSet(test.Users, test.Movies, test.Values, users, movies));
    }

    private static (int[] Users, int[] Movies, float[] Values) Read(string path)
    {
        var users = new List<int>();
        var movies = new List<int>();
        var values = new List<float>();
        foreach (var line in File.ReadLines(path))
        {
            var parts = line.Split('\t');
            if (parts.Length < 3)
            {
                continue;
            }

            users.Add(int.Parse(parts[0], CultureInfo.InvariantCulture) - 1);
            movies.Add(int.Parse(parts[1], CultureInfo.InvariantCulture) - 1);
            values.Add(float.Parse(parts[2], CultureInfo.InvariantCulture));
        }

        return (users.ToArray(), movies.ToArray(), values.ToArray());
    }
}
