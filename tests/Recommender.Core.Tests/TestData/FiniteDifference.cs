using Recommender.Core.Embeddings;

namespace Recommender.Core.Tests.TestData;

/// <summary>Central-difference gradients for the gradient-check tests.</summary>
internal static class FiniteDifference
{
    /// <summary>
    /// ∂loss/∂w for every entry w of <paramref name="table"/>, by nudging it ±h in place and restoring it.
    /// The step is the float difference actually applied, so rounding of w ± h does not bias the quotient.
    /// </summary>
    public static double[] Gradient(EmbeddingTable table, Func<double> loss, float h = 1e-3f)
    {
        var values = table.Buffer;
        var gradient = new double[table.Rows * table.Dim];
        for (var i = 0; i < gradient.Length; i++)
        {
            var original = values[i];
            values[i] = original + h;
            var up = loss();
            values[i] = original - h;
            var down = loss();
            values[i] = original;
            gradient[i] = (up - down) / ((double)(original + h) - (original - h));
        }

        return gradient;
    }
}
