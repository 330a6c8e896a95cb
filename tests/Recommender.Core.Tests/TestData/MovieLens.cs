using Recommender.Core.Data;
using Recommender.Core.Evaluation;

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
        var split = MovieLensRatings.LoadFold(Directory100K, fold);
        return (split.Train, split.Test);
    }
}
