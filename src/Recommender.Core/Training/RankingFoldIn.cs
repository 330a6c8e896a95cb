using System.Numerics.Tensors;
using Recommender.Core.Data;
using Recommender.Core.Embeddings;

namespace Recommender.Core.Training;

/// <summary>
/// Online update for a model trained by <see cref="BprTrainer"/> and calibrated by <see cref="RatingCalibration"/>:
/// refits one user's row with the training loss, the movie rows fixed.
/// </summary>
public static class RankingFoldIn
{
    /// <summary>
    /// Fits x = [p_u, b_u] by SGD on the user's share of the <see cref="BprTrainer"/> loss (the rating term at
    /// <see cref="BprOptions.RatingWeight"/> plus <see cref="BprOptions.NegativesPerPositive"/> sampled negatives per
    /// rated movie), for <see cref="BprOptions.FoldInEpochs"/> passes with the options' learning rate and L2.
    /// </summary>
    /// <param name="model">The calibrated serving model; it is not modified.</param>
    /// <param name="calibration">The calibration that was applied to the model; the fit runs on raw scores (s = (r − b)/a) as training did.</param>
    /// <param name="movies">The movies the user rated (model rows).</param>
    /// <param name="values">The ratings, aligned with <paramref name="movies"/>.</param>
    /// <param name="options">The ranking hyperparameters.</param>
    /// <param name="seed">Seeds the initial row, the order and the negatives: the same inputs give the same row.</param>
    /// <returns>The user's row and bias in the calibrated model's scale. No ratings give a zero row and bias 0.</returns>
    /// <remarks>
    /// Plain SGD whatever <see cref="BprOptions.Optimizer"/> says, since a snapshot keeps no optimizer state.
    /// O(epochs × n × (1 + negatives) × d), a few milliseconds for hundreds of ratings at d = 64.
    /// </remarks>
    /// <exception cref="ArgumentException">The spans differ in length or a value is not finite.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A movie index is not a row of the model, or an option is out of range.</exception>
    public static (float[] Vector, float Bias) FoldInUser(
        FactorModel model, RatingCalibration calibration, ReadOnlySpan<int> movies, ReadOnlySpan<float> values, BprOptions options, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (movies.Length != values.Length)
        {
            throw new ArgumentException($"movies ({movies.Length}) and values ({values.Length}) must have the same length", nameof(values));
        }

        for (var i = 0; i < movies.Length; i++)
        {
            if ((uint)movies[i] >= (uint)model.MovieCount)
            {
                throw new ArgumentOutOfRangeException(nameof(movies), movies[i], $"rating {i}: movie must be in [0, {model.MovieCount})");
            }

            if (!float.IsFinite(values[i]))
            {
                throw new ArgumentException($"rating {i}: value must be finite", nameof(values));
            }
        }

        var d = model.Dimensions;
        if (movies.Length == 0)
        {
            return (new float[d], 0f);
        }

        // Undo the calibration on the fixed rows: training saw raw biases and a raw mean.
        var a = calibration.Scale;
        var mu = calibration.Invert(model.GlobalMean);
        var rng = new SplitMix64(BprTrainer.Mix(seed, 7));
        var p = new float[d];
        for (var k = 0; k < d; k++)
        {
            p[k] = (float)(rng.NextGaussian() * options.InitStd);
        }

        var bias = 0f;
        var rated = RatedMovies.SortedCopy(movies);
        var order = new int[movies.Length];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        var negatives = new int[options.NegativesPerPositive];
        var grad = new float[d];
        var q = model.MovieFactors;
        var eta = options.LearningRate;
        var w = options.RatingWeight;
        for (var epoch = 0; epoch < options.FoldInEpochs; epoch++)
        {
            for (var i = order.Length - 1; i > 0; i--)
            {
                var j = rng.NextInt(i + 1);
                (order[i], order[j]) = (order[j], order[i]);
            }

            foreach (var index in order)
            {
                var m = movies[index];
                var qi = (ReadOnlySpan<float>)q.Row(m);
                var bi = model.MovieBias.Row(m)[0] / a;
                var dotI = TensorPrimitives.Dot(p, qi);
                grad.AsSpan().Clear();
                var uses = 0;
                var biasGrad = 0f;
                if (w > 0f)
                {
                    var we = w * (mu + bias + bi + dotI - values[index]);
                    TensorPrimitives.MultiplyAdd(qi, we, grad, grad);
                    biasGrad = we;
                    uses++;
                }

                var drawn = values[index] >= options.PositiveThreshold ? RatedMovies.SampleNegatives(rated, model.MovieCount, negatives, ref rng) : 0;
                for (var k = 0; k < drawn; k++)
                {
                    var qj = (ReadOnlySpan<float>)q.Row(negatives[k]);
                    var x = bi - (model.MovieBias.Row(negatives[k])[0] / a) + dotI - TensorPrimitives.Dot(p, qj);
                    var g = 1f / (1f + MathF.Exp(x));
                    TensorPrimitives.MultiplyAdd(qi, -g, grad, grad);
                    TensorPrimitives.MultiplyAdd(qj, g, grad, grad);
                    uses++;
                }

                // The same per-use L2 as the trainer's optimizers: λ·c·p for a row used c times.
                FusedKernels.ScaleAdd(p, 1f - (eta * options.Regularization * uses), grad, -eta);
                if (w > 0f)
                {
                    bias -= eta * (biasGrad + (options.BiasRegularization * bias));
                }
            }
        }

        TensorPrimitives.Multiply(p, a, p);
        return (p, bias * a);
    }
}
