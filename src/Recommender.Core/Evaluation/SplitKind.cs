namespace Recommender.Core.Evaluation;

/// <summary>How <see cref="EvaluationSplits"/> divides a MovieLens folder into train and test.</summary>
public enum SplitKind
{
    /// <summary>The ml-100k folds u1–u5 as shipped (u{i}.base / u{i}.test).</summary>
    MovieLens,

    /// <summary>Seeded random k-fold over all ratings.</summary>
    Random,

    /// <summary>Per-user leave-last-n-out by timestamp (one split).</summary>
    Temporal,
}
