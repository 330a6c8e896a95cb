namespace Recommender.Core.Scoring;

/// <summary>
/// The MIPS-to-cosine reduction: turns "top-k items by predicted rating" into a cosine top-k over
/// augmented vectors, so one <see cref="CosineIndex"/> serves similar-items, similar-users and recommendations.
/// </summary>
/// <remarks>
/// <para>Item m becomes <c>x_m = [q_m, b_m, sqrt(M² − ‖[q_m, b_m]‖²)]</c> with <c>M = max_m ‖[q_m, b_m]‖</c>, so every
/// item row has norm M; user u becomes <c>y_u = [p_u, 1, 0]</c>. Then
/// <c>cos(y_u, x_m) = (p_u·q_m + b_m) / (‖y_u‖·M)</c>, a positive multiple of the predicted rating
/// <c>μ + b_u + b_m + p_u·q_m</c> minus terms constant for the user, so the cosine ranking equals the exact ranking.</para>
/// <para>Precision: everything is float32. The last component is rounded, so an item's norm is M only to about 1e-7
/// relative, and the index sums products in float32; items whose exact scores differ by less than about
/// 1e-6·‖y_u‖·M may swap places. Exact ties keep the lower item index, as in <see cref="CosineIndex"/>.
/// With M = 0 (all items and biases zero) every score is 0.</para>
/// </remarks>
public static class MipsTransform
{
    /// <summary>Builds the augmented item rows <c>[q_m, b_m, sqrt(M² − ‖[q_m, b_m]‖²)]</c>, <c>dim + 2</c> floats each.</summary>
    /// <param name="vectors">Item vectors, row-major, <c>biases.Length * dim</c> floats.</param>
    /// <param name="biases">One bias per item; its length is the item count.</param>
    /// <param name="dim">The item vector dimension (at least 1).</param>
    /// <param name="maxNorm">Receives M, the largest ‖[q_m, b_m]‖.</param>
    /// <returns>A new row-major array of <c>count * (dim + 2)</c> floats.</returns>
    /// <remarks>Norms are computed in double. O(count·dim).</remarks>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="dim"/> is not positive.</exception>
    /// <exception cref="ArgumentException">The lengths do not match, or an input is NaN or ±∞.</exception>
    public static float[] AugmentItems(ReadOnlySpan<float> vectors, ReadOnlySpan<float> biases, int dim, out float maxNorm)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dim);
        var count = biases.Length;
        if (vectors.Length != (long)count * dim)
        {
            throw new ArgumentException($"expected {count} x {dim} floats, got {vectors.Length}", nameof(vectors));
        }

        // First pass: squared norms, kept in the slot that will hold the last component.
        var width = dim + 2;
        var result = new float[count * width];
        var squares = new double[count];
        var maxSquare = 0.0;
        for (var m = 0; m < count; m++)
        {
            var row = result.AsSpan(m * width, width);
            vectors.Slice(m * dim, dim).CopyTo(row);
            row[dim] = biases[m];
            var sum = 0.0;
            for (var j = 0; j <= dim; j++)
            {
                if (!float.IsFinite(row[j]))
                {
                    throw new ArgumentException($"item {m} contains NaN or infinity", j == dim ? nameof(biases) : nameof(vectors));
                }

                sum += (double)row[j] * row[j];
            }

            squares[m] = sum;
            maxSquare = Math.Max(maxSquare, sum);
        }

        // Second pass: pad every row up to norm M; Max guards the item(s) at M against a tiny negative from rounding.
        for (var m = 0; m < count; m++)
        {
            result[(m * width) + dim + 1] = (float)Math.Sqrt(Math.Max(0.0, maxSquare - squares[m]));
        }

        maxNorm = (float)Math.Sqrt(maxSquare);
        return result;
    }

    /// <summary>Writes the augmented query <c>[p_u, 1, 0]</c> into <paramref name="destination"/> (<c>userVector.Length + 2</c> floats).</summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is not <c>userVector.Length + 2</c> long.</exception>
    public static void AugmentQuery(ReadOnlySpan<float> userVector, Span<float> destination)
    {
        if (destination.Length != userVector.Length + 2)
        {
            throw new ArgumentException($"expected {userVector.Length + 2} floats, got {destination.Length}", nameof(destination));
        }

        userVector.CopyTo(destination);
        destination[userVector.Length] = 1f;
        destination[userVector.Length + 1] = 0f;
    }

    /// <summary>‖[p_u, 1, 0]‖ = sqrt(‖p_u‖² + 1), computed in double.</summary>
    public static float AugmentedQueryNorm(ReadOnlySpan<float> userVector)
    {
        var sum = 1.0;
        foreach (var v in userVector)
        {
            sum += (double)v * v;
        }

        return (float)Math.Sqrt(sum);
    }

    /// <summary>Recovers the raw score <c>p_u·q_m + b_m</c> from a cosine returned by a search over augmented rows.</summary>
    /// <param name="cosine">The <see cref="ScoredRow.Score"/> of the hit.</param>
    /// <param name="queryNorm">The <see cref="AugmentedQueryNorm"/> of the user vector.</param>
    /// <param name="maxNorm">M, as returned by <see cref="AugmentItems"/>.</param>
    /// <remarks>Accurate to about 1e-6 relative to <c>queryNorm·maxNorm</c>, not to the score itself; add μ + b_u for the predicted rating.</remarks>
    public static float RawScore(float cosine, float queryNorm, float maxNorm) => cosine * queryNorm * maxNorm;
}
