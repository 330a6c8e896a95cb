using Recommender.Core.Embeddings;
using Recommender.Core.Training;
using Recommender.Core.Tests.TestData;

namespace Recommender.Core.Tests.Training;

public sealed class GradientCheckTests
{
    private const int Dim = 3;
    private const float Mu = 3.5f;
    private const float Lambda = 0.1f;
    private const float LambdaBias = 0.02f;

    private static readonly int[] s_users = [0, 2, 0, 4, 2, 0];
    private static readonly int[] s_movies = [1, 1, 3, 0, 3, 1];
    private static readonly float[] s_values = [4f, 2f, 5f, 1f, 3f, 4f];

    [Fact]
    public void SgdStep_Batch_EqualsFiniteDifferenceGradientOnTouchedRows()
    {
        // Arrange
        var p = EmbeddingTable.Random(6, Dim, 0.5f, 1);
        var q = EmbeddingTable.Random(5, Dim, 0.5f, 2);
        var bu = EmbeddingTable.Random(6, 1, 0.3f, 3);
        var bm = EmbeddingTable.Random(5, 1, 0.3f, 4);
        var tables = new[] { p, q, bu, bm };
        var numeric = tables.Select(t => FiniteDifference.Gradient(t, () => Loss(tables))).ToArray();
        var before = tables.Select(t => t.Values.ToArray()).ToArray();
        var grads = new[] { new SparseGradient(Dim), new SparseGradient(Dim), new SparseGradient(1), new SparseGradient(1) };
        const float eta = 1e-3f;

        // Act
        for (var i = 0; i < s_users.Length; i++)
        {
            MatrixFactorizationTrainer.Accumulate(
                s_users[i], s_movies[i], s_values[i], p.Buffer, q.Buffer, bu.Buffer, bm.Buffer, Dim, Mu, grads[0], grads[1], grads[2], grads[3]);
        }

        for (var t = 0; t < 4; t++)
        {
            SparseOptimizer.Create(OptimizerKind.Sgd, tables[t], eta, t < 2 ? Lambda : LambdaBias).Step(grads[t]);
        }

        // Assert: (w_before − w_after) / η is the analytic gradient, L2 included; untouched rows have none.
        for (var t = 0; t < 4; t++)
        {
            var after = tables[t].Values.ToArray();
            for (var i = 0; i < after.Length; i++)
            {
                var analytic = (before[t][i] - (double)after[i]) / eta;
                Assert.Equal(numeric[t][i], analytic, 2e-3 * Math.Max(1, Math.Abs(numeric[t][i])));
            }
        }

        Assert.True(numeric[0].AsSpan(Dim, Dim).ToArray().All(g => g == 0), "user 1 is untouched");
    }

    // ½Σ e² + ½λ Σ (‖p_u‖² + ‖q_m‖²) + ½λ_b Σ (b_u² + b_m²) over batch items, in double.
    private static double Loss(EmbeddingTable[] t)
    {
        var loss = 0.0;
        for (var i = 0; i < s_users.Length; i++)
        {
            var pu = t[0].Row(s_users[i]);
            var qm = t[1].Row(s_movies[i]);
            double bu = t[2].Row(s_users[i])[0];
            double bm = t[3].Row(s_movies[i])[0];
            double dot = 0, pp = 0, qq = 0;
            for (var k = 0; k < Dim; k++)
            {
                dot += (double)pu[k] * qm[k];
                pp += (double)pu[k] * pu[k];
                qq += (double)qm[k] * qm[k];
            }

            var e = Mu + bu + bm + dot - s_values[i];
            loss += (0.5 * e * e) + (0.5 * Lambda * (pp + qq)) + (0.5 * LambdaBias * ((bu * bu) + (bm * bm)));
        }

        return loss;
    }
}
