namespace Recommender.Core.Scoring;

/// <summary>One search hit: a dense row index and its cosine similarity to the query.</summary>
/// <param name="Row">The 0-based row index in the index that produced the hit.</param>
/// <param name="Score">The cosine similarity in [-1, 1] (up to float32 rounding); 0 for a zero-norm row or query.</param>
public readonly record struct ScoredRow(int Row, float Score);
