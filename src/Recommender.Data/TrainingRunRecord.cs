namespace Recommender.Data;

/// <summary>How a training run ended (or that it is still running).</summary>
/// <param name="State">"running", "completed", "cancelled", "failed" or "interrupted".</param>
/// <param name="Error">Why it failed or was interrupted; null otherwise.</param>
public sealed record TrainingRunRecord(long Id, string State, string? Error, DateTime? FinishedAt);
