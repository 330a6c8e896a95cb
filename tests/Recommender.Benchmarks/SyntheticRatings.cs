using Recommender.Core.Data;

namespace Recommender.Benchmarks;

/// <summary>A seeded synthetic rating set with planted low-rank structure, for throughput runs.</summary>
internal static class SyntheticRatings
{
    public static RatingSet Create(int count, int users, int movies, ulong seed)
    {
        var rng = new Random(unchecked((int)seed));
        const int rank = 8;
        var userTaste = new float[users * rank];
        var movieTraits = new float[movies * rank];
        for (var i = 0; i < userTaste.Length; i++)
        {
            userTaste[i] = (float)(rng.NextDouble() - 0.5);
        }

        for (var i = 0; i < movieTraits.Length; i++)
        {
            movieTraits[i] = (float)(rng.NextDouble() - 0.5);
        }

        var u = new int[count];
        var m = new int[count];
        var v = new float[count];
        for (var i = 0; i < count; i++)
        {
            u[i] = rng.Next(users);

            // Skew movie popularity (squared uniform) the way real catalogues are skewed.
            var x = rng.NextDouble();
            m[i] = (int)(x * x * movies);
            var dot = 0f;
            for (var k = 0; k < rank; k++)
            {
                dot += userTaste[(u[i] * rank) + k] * movieTraits[(m[i] * rank) + k];
            }

            v[i] = Math.Clamp(MathF.Round(3.5f + (8 * dot) + (float)(rng.NextDouble() - 0.5)), 1f, 5f);
        }

        return new RatingSet(u, m, v, users, movies);
    }
}
