namespace Recommender.Data.Entities;

/// <summary>The record of one training run, kept so a failure can be reported after the fact.</summary>
public sealed class TrainingRunEntity
{
    public long Id { get; set; }

    public DateTime StartedAt { get; set; }

    public DateTime? FinishedAt { get; set; }

    /// <summary>"running", "completed", "cancelled", "failed" or "interrupted" (found running at start).</summary>
    public string State { get; set; } = "running";

    public string? Error { get; set; }

    public long? ModelId { get; set; }
}
