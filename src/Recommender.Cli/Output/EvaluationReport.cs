using Recommender.Core.Evaluation;

namespace Recommender.Cli.Output;

/// <summary>The JSON document <c>recommender evaluate</c> writes: the protocol, then per model its mean and per-fold figures.</summary>
public sealed record EvaluationReport(
    string Dataset,
    string Split,
    int Folds,
    int K,
    float RelevanceThreshold,
    EvaluationTraining Training,
    IReadOnlyList<EvaluationModelReport> Models);

/// <summary>The matrix-factorisation settings used.</summary>
public sealed record EvaluationTraining(int Dimensions, int Epochs, float LearningRate, float Regularization, string Optimizer, ulong Seed);

/// <summary>One model: mean over folds, then each fold.</summary>
public sealed record EvaluationModelReport(string Name, string DisplayName, EvaluationFigures Mean, IReadOnlyList<EvaluationFigures> Folds);

/// <summary>The figures of one model on one fold or their mean; RMSE and MAE are null for rankers that do not predict ratings.</summary>
public sealed record EvaluationFigures(
    double? Rmse,
    double? Mae,
    double Precision,
    double Recall,
    double Ndcg,
    double Map,
    double HitRate,
    double Coverage,
    int Users,
    int SkippedUsers,
    double FitSeconds)
{
    public static EvaluationFigures From(ModelScore score) => new(
        score.Errors?.Rmse,
        score.Errors?.Mae,
        score.Ranking.Metrics.Precision,
        score.Ranking.Metrics.Recall,
        score.Ranking.Metrics.Ndcg,
        score.Ranking.Metrics.AveragePrecision,
        score.Ranking.Metrics.HitRate,
        score.Ranking.Coverage,
        score.Ranking.Metrics.Users,
        score.Ranking.SkippedUsers,
        Math.Round(score.FitSeconds, 3));
}
