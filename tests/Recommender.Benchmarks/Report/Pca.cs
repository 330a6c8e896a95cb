namespace Recommender.Benchmarks.Report;

/// <summary>The leading principal components of a row matrix and the rows projected onto them.</summary>
/// <param name="Components">Unit component vectors, one per row (count × dim), by decreasing variance.</param>
/// <param name="Variances">The variance along each component (the covariance eigenvalues).</param>
/// <param name="Projections">Each centred input row's coordinates on the components (rows × count).</param>
internal sealed record PcaResult(double[][] Components, double[] Variances, double[][] Projections);

/// <summary>
/// PCA by power iteration on the d × d covariance with deflation: enough for the 2-D picture of a few thousand
/// embedding rows (d ≤ 1024), without pulling a linear-algebra package into the benchmark project.
/// </summary>
internal static class Pca
{
    /// <summary>Computes the first <paramref name="count"/> principal components of <paramref name="rows"/> (rows × dim, row-major).</summary>
    public static PcaResult Compute(ReadOnlySpan<float> rows, int dim, int count, int iterations = 500, int seed = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dim, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, dim);
        if (rows.Length % dim != 0 || rows.Length < 2 * dim)
        {
            throw new ArgumentException($"must hold at least two rows of {dim} values, got {rows.Length} values", nameof(rows));
        }

        var n = rows.Length / dim;
        var mean = new double[dim];
        for (var r = 0; r < n; r++)
        {
            for (var j = 0; j < dim; j++)
            {
                mean[j] += rows[(r * dim) + j];
            }
        }

        for (var j = 0; j < dim; j++)
        {
            mean[j] /= n;
        }

        // Covariance C = Xcᵀ Xc / (n − 1), symmetric, so only the upper triangle is accumulated.
        var covariance = new double[dim, dim];
        var centred = new double[dim];
        for (var r = 0; r < n; r++)
        {
            for (var j = 0; j < dim; j++)
            {
                centred[j] = rows[(r * dim) + j] - mean[j];
            }

            for (var a = 0; a < dim; a++)
            {
                var x = centred[a];
                for (var b = a; b < dim; b++)
                {
                    covariance[a, b] += x * centred[b];
                }
            }
        }

        for (var a = 0; a < dim; a++)
        {
            for (var b = a; b < dim; b++)
            {
                covariance[a, b] /= n - 1;
                covariance[b, a] = covariance[a, b];
            }
        }

        var random = new Random(seed);
        var components = new double[count][];
        var variances = new double[count];
        for (var c = 0; c < count; c++)
        {
            var v = new double[dim];
            for (var j = 0; j < dim; j++)
            {
                v[j] = random.NextDouble() - 0.5;
            }

            Normalize(v);
            var next = new double[dim];
            var eigenvalue = 0.0;
            for (var it = 0; it < iterations; it++)
            {
                Multiply(covariance, v, next);
                eigenvalue = Dot(v, next);
                var norm = Normalize(next);
                if (norm == 0)
                {
                    break;
                }

                var change = 0.0;
                for (var j = 0; j < dim; j++)
                {
                    change = Math.Max(change, Math.Abs(next[j] - v[j]));
                }

                (v, next) = (next, v);
                if (change < 1e-10)
                {
                    break;
                }
            }

            // A sign convention so runs are comparable: the largest-magnitude entry is positive.
            var largest = 0;
            for (var j = 1; j < dim; j++)
            {
                largest = Math.Abs(v[j]) > Math.Abs(v[largest]) ? j : largest;
            }

            if (v[largest] < 0)
            {
                for (var j = 0; j < dim; j++)
                {
                    v[j] = -v[j];
                }
            }

            components[c] = v;
            variances[c] = eigenvalue;

            // Deflation: C ← C − λ v vᵀ removes this direction before the next component.
            for (var a = 0; a < dim; a++)
            {
                for (var b = 0; b < dim; b++)
                {
                    covariance[a, b] -= eigenvalue * v[a] * v[b];
                }
            }
        }

        var projections = new double[n][];
        for (var r = 0; r < n; r++)
        {
            projections[r] = new double[count];
            for (var c = 0; c < count; c++)
            {
                var sum = 0.0;
                for (var j = 0; j < dim; j++)
                {
                    sum += (rows[(r * dim) + j] - mean[j]) * components[c][j];
                }

                projections[r][c] = sum;
            }
        }

        return new PcaResult(components, variances, projections);
    }

    private static void Multiply(double[,] matrix, double[] vector, double[] destination)
    {
        var dim = vector.Length;
        for (var a = 0; a < dim; a++)
        {
            var sum = 0.0;
            for (var b = 0; b < dim; b++)
            {
                sum += matrix[a, b] * vector[b];
            }

            destination[a] = sum;
        }
    }

    private static double Dot(double[] x, double[] y)
    {
        var sum = 0.0;
        for (var j = 0; j < x.Length; j++)
        {
            sum += x[j] * y[j];
        }

        return sum;
    }

    private static double Normalize(double[] v)
    {
        var norm = Math.Sqrt(Dot(v, v));
        if (norm > 0)
        {
            for (var j = 0; j < v.Length; j++)
            {
                v[j] /= norm;
            }
        }

        return norm;
    }
}
