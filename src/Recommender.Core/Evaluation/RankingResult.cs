namespace Recommender.Core.Evaluation;

/// <summary>What <see cref="RankingEvaluator"/> measured for one scorer on one split.</summary>
/// <param name="Metrics">The per-user metrics averaged over evaluated users.</param>
/// <param name="Coverage">Catalogue coverage: distinct movies in any evaluated user's list / catalogue size.</param>
/// <param name="SkippedUsers">Test users with no relevant held-out rating, left out of the averages.</param>
public readonly record struct RankingResult(RankingMetrics Metrics, double Coverage, int SkippedUsers);
