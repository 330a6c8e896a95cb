using System.Diagnostics;
using Recommender.Core.Data;
using Recommender.Core.Training;

namespace Recommender.Core.Evaluation;

/// <summary>Fits every model on every split and scores it the same way: RMSE/MAE (rating models) and top-k ranking.</summary>
public static class ModelComparison
{
    /// <summary>Runs <paramref name="models"/> over <paramref name="splits"/>.</summary>
    /// <param name="splits">Train/test pairs over one id vocabulary.</param>
    /// <param name="models">Models to fit, e.g. <see cref="EvaluationModels.All"/>.</param>
    /// <param name="training">Options passed to each model's fit.</param>
    /// <param name="ranking">The ranking protocol.</param>
    /// <param name="range">Predictions are clamped to this range before RMSE/MAE.</param>
    /// <param name="onScore">Called after each (split, model) with the split's 0-based index.</param>
    /// <param name="cancellationToken">Checked between fits.</param>
    /// <returns>Per model (in <paramref name="models"/> order), its per-split scores.</returns>
    public static IReadOnlyList<IReadOnlyList<ModelScore>> Run(
        IReadOnlyList<Split> splits,
        IReadOnlyList<EvaluationModel> models,
        TrainingOptions training,
        RankingOptions ranking,
        RatingRange range,
        Action<int, ModelScore>? onScore = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(splits);
        ArgumentNullException.ThrowIfNull(models);
        ArgumentNullException.ThrowIfNull(training);
        ArgumentNullException.ThrowIfNull(ranking);
        var results = models.Select(_ => new List<ModelScore>()).ToArray();
        for (var s = 0; s < splits.Count; s++)
        {
            for (var i = 0; i < models.Count; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var score = Score(splits[s], models[i], training, ranking, range);
                results[i].Add(score);
                onScore?.Invoke(s, score);
            }
        }

        return results;
    }

    /// <summary>Fits one model on one split and scores it.</summary>
    public static ModelScore Score(Split split, EvaluationModel model, TrainingOptions training, RankingOptions ranking, RatingRange range)
    {
        ArgumentNullException.ThrowIfNull(split);
        ArgumentNullException.ThrowIfNull(model);
        var watch = Stopwatch.StartNew();
        var fitted = model.Fit(split.Train, training);
        var seconds = watch.Elapsed.TotalSeconds;
        ErrorMetrics? errors = fitted.Predictor is null ? null : ErrorMetrics.Measure(fitted.Predictor, split.Test, range);
        var rankingResult = RankingEvaluator.Evaluate(split.Train, split.Test, fitted.Scorer, ranking);
        return new ModelScore(model.Name, errors, rankingResult, seconds);
    }
}
