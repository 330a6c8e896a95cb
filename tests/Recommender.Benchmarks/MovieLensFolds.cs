using Recommender.Core.Data;
using Recommender.Core.Evaluation;

namespace Recommender.Benchmarks;

/// <summary>Reads the MovieLens 100k folds (uN.base / uN.test) through Core's <see cref="MovieLensRatings"/>.</summary>
internal static class MovieLensFolds
{
    // Tables are sized over both parts, as the PyTorch peer does; test-only users keep their initial rows.
    public static (RatingSet Train, RatingSet Test) Load(string directory, int fold)
    {
        var split = MovieLensRatings.LoadFold(directory, fold);
        return (split.Train, split.Test);
    }

    /// <summary>
    /// All 100,000 ratings of <c>u.data</c>. Ids are indexed in numeric order and every movie id 1–1682 occurs, so a
    /// movie's index is its id − 1, as in <c>u.item</c>.
    /// </summary>
    public static RatingSet LoadAll(string directory) => MovieLensRatings.LoadAll(directory).Ratings;
}
