using System.Numerics.Tensors;
using Recommender.Core.Embeddings;

namespace Recommender.Core.Evaluation;

/// <summary>Ranks and predicts with a trained <see cref="FactorModel"/>: score b_m + p_u · q_m, prediction μ + b_u + b_m + p_u · q_m.</summary>
/// <remarks>μ and b_u are the same for every movie of a user, so the ranking leaves them out. O(movies × d) per user.</remarks>
public sealed class FactorModelScorer(FactorModel model) : IRankingScorer, IRatingPredictor
{
    private readonly FactorModel _model = model ?? throw new ArgumentNullException(nameof(model));

    /// <summary>The model scored.</summary>
    public FactorModel Model => _model;

    /// <inheritdoc/>
    public int MovieCount => _model.MovieCount;

    /// <inheritdoc/>
    public void Score(int user, Span<float> scores)
    {
        ReadOnlySpan<float> p = _model.UserFactors.Row(user);
        for (var m = 0; m < _model.MovieCount; m++)
        {
            scores[m] = _model.MovieBias.Row(m)[0] + TensorPrimitives.Dot(p, _model.MovieFactors.Row(m));
        }
    }

    /// <inheritdoc/>
    public float Predict(int user, int movie) => _model.Predict(user, movie);
}
