namespace Recommender.Benchmarks;

/// <summary>Seeded random unit vectors, as the faiss peer (<c>knn_bench.py</c>) generates them: N(0,1) rows, L2-normalised.</summary>
internal static class KnnData
{
    public static float[] UnitVectors(int seed, int count, int dim)
    {
        var random = new Random(seed);
        var values = new float[count * dim];
        for (var r = 0; r < count; r++)
        {
            var row = values.AsSpan(r * dim, dim);
            var sum = 0.0;
            for (var j = 0; j < dim; j++)
            {
                // Box-Muller: one Gaussian per pair of uniforms is enough here.
                var g = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
                row[j] = (float)g;
                sum += g * g;
            }

            var scale = 1 / Math.Sqrt(sum);
            for (var j = 0; j < dim; j++)
            {
                row[j] = (float)(row[j] * scale);
            }
        }

        return values;
    }
}
