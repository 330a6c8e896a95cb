namespace Recommender.Data.Entities;

/// <summary>A trained model snapshot: its header. The factor rows live in <see cref="ModelFactorEntity"/>.</summary>
public sealed class ModelEntity
{
    /// <summary>The model version, increasing with every published model.</summary>
    public long Id { get; set; }

    /// <summary>Only the active model serves; at most one row has it set.</summary>
    public bool IsActive { get; set; }

    /// <summary>False while the factor rows are still being written; such a model is never loaded.</summary>
    public bool IsComplete { get; set; }

    public int Dimensions { get; set; }

    public int Users { get; set; }

    public int Movies { get; set; }

    public long Ratings { get; set; }

    public float GlobalMean { get; set; }

    public double TrainRmse { get; set; }

    public double ValidationRmse { get; set; }

    public long OnlineUpdates { get; set; }

    public int Epochs { get; set; }

    public string Optimizer { get; set; } = "";

    /// <summary>"rating" or "ranking": what the model was trained for.</summary>
    public string Objective { get; set; } = "";

    /// <summary>a of the ranking model's calibration r ≈ a·s + b (already folded into the stored rows); 1 for a rating model.</summary>
    public float CalibrationScale { get; set; } = 1f;

    /// <summary>b of the ranking model's calibration; 0 for a rating model.</summary>
    public float CalibrationOffset { get; set; }

    /// <summary>Hyperparameters and other run details as JSON, for inspection.</summary>
    public string Parameters { get; set; } = "{}";

    public DateTime TrainedAt { get; set; }
}
