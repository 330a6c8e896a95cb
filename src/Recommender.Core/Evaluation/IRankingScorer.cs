namespace Recommender.Core.Evaluation;

/// <summary>Scores every movie for one user, higher meaning "recommend sooner"; what <see cref="RankingEvaluator"/> ranks by.</summary>
/// <remarks>Implementations must be safe to call from several threads at once (the evaluator runs users in parallel).</remarks>
public interface IRankingScorer
{
    /// <summary>The number of movies scored, the length <see cref="Score"/> fills.</summary>
    int MovieCount { get; }

    /// <summary>Writes the score of every movie 0..<see cref="MovieCount"/>-1 for <paramref name="user"/> into <paramref name="scores"/>.</summary>
    /// <remarks>Only the order within one user matters, so per-user constants (μ, b_u) may be left out. NaN and −∞ mean "never recommend".</remarks>
    void Score(int user, Span<float> scores);
}
