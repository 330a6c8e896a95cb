namespace Recommender.Core.Evaluation;

/// <summary>One model's figures on one split (or their mean over splits).</summary>
/// <param name="Model">The <see cref="EvaluationModel.Name"/>.</param>
/// <param name="Errors">RMSE/MAE on the held-out ratings; null for models that do not predict ratings.</param>
/// <param name="Ranking">Top-k metrics and coverage.</param>
/// <param name="FitSeconds">Wall time to fit the model.</param>
public sealed record ModelScore(string Model, ErrorMetrics? Errors, RankingResult Ranking, double FitSeconds)
{
    /// <summary>The mean of each figure over <paramref name="folds"/> (all of the same model); user counts are summed.</summary>
    /// <exception cref="ArgumentException"><paramref name="folds"/> is empty.</exception>
    public static ModelScore Mean(IReadOnlyList<ModelScore> folds)
    {
        ArgumentNullException.ThrowIfNull(folds);
        if (folds.Count == 0)
        {
            throw new ArgumentException("needs at least one fold", nameof(folds));
        }

        var n = folds.Count;
        ErrorMetrics? errors = folds.All(f => f.Errors is not null)
            ? new ErrorMetrics(folds.Average(f => f.Errors!.Value.Rmse), folds.Average(f => f.Errors!.Value.Mae), folds.Sum(f => f.Errors!.Value.Count))
            : null;
        var metrics = new RankingMetrics(
            folds.Average(f => f.Ranking.Metrics.Precision),
            folds.Average(f => f.Ranking.Metrics.Recall),
            folds.Average(f => f.Ranking.Metrics.Ndcg),
            folds.Average(f => f.Ranking.Metrics.AveragePrecision),
            folds.Average(f => f.Ranking.Metrics.HitRate),
            folds.Sum(f => f.Ranking.Metrics.Users));
        var ranking = new RankingResult(metrics, folds.Average(f => f.Ranking.Coverage), folds.Sum(f => f.Ranking.SkippedUsers));
        return new ModelScore(folds[0].Model, errors, ranking, folds.Sum(f => f.FitSeconds) / n);
    }
}
