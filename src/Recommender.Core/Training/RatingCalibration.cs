using Recommender.Core.Data;
using Recommender.Core.Embeddings;

namespace Recommender.Core.Training;

/// <summary>
/// A linear map from a ranking model's score to a rating, r ≈ <see cref="Scale"/>·s + <see cref="Offset"/>, fitted by
/// least squares on the training ratings, so a model trained to rank still predicts ratings.
/// </summary>
/// <param name="Scale">a, always positive, so the calibrated scores rank exactly as the raw ones.</param>
/// <param name="Offset">b.</param>
public readonly record struct RatingCalibration(float Scale, float Offset)
{
    /// <summary>The smallest scale a fit returns; a flatter or negative fit is raised to it.</summary>
    /// <remarks>A positive scale is what keeps the ranking intact; at this floor predictions are the mean rating.</remarks>
    public const float MinScale = 1e-4f;

    /// <summary>The identity calibration (scale 1, offset 0).</summary>
    public static RatingCalibration Identity => new(1f, 0f);

    /// <summary>Fits a and b minimising Σ (a·s(u, m) + b − r)² with s = <see cref="FactorModel.Predict"/>.</summary>
    /// <remarks>
    /// O(n × d), accumulated in double. An empty set gives <see cref="Identity"/>. When the scores do not vary, or the
    /// best slope is below <see cref="MinScale"/>, the slope is <see cref="MinScale"/> and b is refitted for it, so the
    /// calibrated mean still equals the mean rating.
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException">A rating names a row the model does not have.</exception>
    public static RatingCalibration Fit(FactorModel model, RatingSet ratings)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(ratings);
        var n = ratings.Count;
        if (n == 0)
        {
            return Identity;
        }

        double sumS = 0, sumR = 0, sumSS = 0, sumSR = 0;
        for (var i = 0; i < n; i++)
        {
            double s = model.Predict(ratings.Users[i], ratings.Movies[i]);
            double r = ratings.Values[i];
            sumS += s;
            sumR += r;
            sumSS += s * s;
            sumSR += s * r;
        }

        var meanS = sumS / n;
        var meanR = sumR / n;
        var variance = (sumSS / n) - (meanS * meanS);
        var covariance = (sumSR / n) - (meanS * meanR);
        var scale = variance > 1e-12 ? covariance / variance : 0.0;
        scale = Math.Max(scale, MinScale);
        return new RatingCalibration((float)scale, (float)(meanR - (scale * meanS)));
    }

    /// <summary>The calibrated rating of a raw score.</summary>
    public float Apply(float score) => (Scale * score) + Offset;

    /// <summary>
    /// A new model whose <see cref="FactorModel.Predict"/> is the calibrated prediction a·s + b: μ' = a·μ + b,
    /// b_u' = a·b_u, b_m' = a·b_m, P' = a·P, Q unchanged. The input is not modified.
    /// </summary>
    /// <remarks>
    /// Because a &gt; 0 and only P and the biases are scaled, every user's movie order (b_m + p_u·q_m) and the cosine
    /// between movie rows or between user rows are unchanged, so the serving indexes work on the calibrated model as is.
    /// </remarks>
    public FactorModel ApplyTo(FactorModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return new FactorModel(
            Apply(model.GlobalMean),
            Scaled(model.UserFactors, Scale),
            model.MovieFactors.Clone(),
            Scaled(model.UserBias, Scale),
            Scaled(model.MovieBias, Scale));
    }

    /// <summary>The raw score of a calibrated one: (r − b) / a.</summary>
    public float Invert(float rating) => (rating - Offset) / Scale;

    private static EmbeddingTable Scaled(EmbeddingTable table, float factor)
    {
        var copy = table.Clone();
        System.Numerics.Tensors.TensorPrimitives.Multiply(copy.WritableValues, factor, copy.WritableValues);
        return copy;
    }
}
