namespace Recommender.Core.Evaluation;

/// <summary>Predicts a rating value for a (user, movie) pair; what <see cref="ErrorMetrics"/> measures.</summary>
/// <remarks>Implementations must be safe to call from several threads at once.</remarks>
public interface IRatingPredictor
{
    /// <summary>The raw (unclamped) predicted rating.</summary>
    float Predict(int user, int movie);
}
