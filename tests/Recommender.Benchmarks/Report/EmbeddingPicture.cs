using Recommender.Core.Data;
using Recommender.Core.Embeddings;

namespace Recommender.Benchmarks.Report;

/// <summary>
/// The "embeddings learned meaning" figure: unit movie rows of a model trained on ml-100k, projected on their first two
/// principal components and coloured by a few genres that have a clear audience, plus a number for each genre
/// (mean cosine within against across) so the claim does not rest on the eye alone.
/// </summary>
internal static class EmbeddingPicture
{
    /// <summary>Genres with a distinct audience; a movie is coloured only when exactly one of them is among its genres.</summary>
    public static readonly string[] Highlighted = ["Horror", "Children's", "Documentary", "Film-Noir", "Western"];

    private const int MinRatings = 30;

    public static IReadOnlyList<GenreSeparation> Draw(FactorModel model, RatingSet ratings, string[][] genres, string svgPath)
    {
        var counts = new int[model.MovieCount];
        foreach (var movie in ratings.Movies)
        {
            counts[movie]++;
        }

        // Rarely rated rows stay near their random start; they would only add noise to the picture.
        var movies = Enumerable.Range(0, Math.Min(model.MovieCount, genres.Length)).Where(m => counts[m] >= MinRatings).ToArray();
        var dim = model.Dimensions;
        var rows = new float[movies.Length * dim];
        for (var i = 0; i < movies.Length; i++)
        {
            var source = model.MovieFactors.Row(movies[i]);
            var norm = MathF.Sqrt(System.Numerics.Tensors.TensorPrimitives.Dot<float>(source, source));
            for (var j = 0; j < dim; j++)
            {
                rows[(i * dim) + j] = norm > 0 ? source[j] / norm : 0;
            }
        }

        var groups = movies.Select(m =>
        {
            var chosen = genres[m].Where(g => Highlighted.Contains(g)).ToArray();
            return chosen.Length == 1 ? chosen[0] : null;
        }).ToArray();

        var pca = Pca.Compute(rows, dim, 2);
        Plots.EmbeddingPca(svgPath, pca.Projections, groups, Highlighted, pca.Variances);
        return Highlighted.Select(g => Separation(g, rows, dim, groups)).ToList();
    }

    private static GenreSeparation Separation(string genre, float[] rows, int dim, string?[] groups)
    {
        double within = 0, across = 0;
        long withinPairs = 0, acrossPairs = 0;
        for (var a = 0; a < groups.Length; a++)
        {
            if (groups[a] != genre)
            {
                continue;
            }

            var x = rows.AsSpan(a * dim, dim);
            for (var b = 0; b < groups.Length; b++)
            {
                if (b == a)
                {
                    continue;
                }

                var cosine = System.Numerics.Tensors.TensorPrimitives.Dot<float>(x, rows.AsSpan(b * dim, dim));
                if (groups[b] == genre)
                {
                    within += cosine;
                    withinPairs++;
                }
                else
                {
                    across += cosine;
                    acrossPairs++;
                }
            }
        }

        var members = groups.Count(g => g == genre);
        return new GenreSeparation(genre, members, withinPairs == 0 ? double.NaN : within / withinPairs, acrossPairs == 0 ? double.NaN : across / acrossPairs);
    }
}
