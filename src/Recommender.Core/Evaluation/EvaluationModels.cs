using Recommender.Core.Training;

namespace Recommender.Core.Evaluation;

/// <summary>
/// The models <c>recommender evaluate</c> and the benchmark report compare, in table order. Adding a model (for example
/// a ranking objective) is one entry here.
/// </summary>
public static class EvaluationModels
{
    /// <summary>Biased matrix factorisation trained with <see cref="MatrixFactorizationTrainer"/> and the given options.</summary>
    public static EvaluationModel MatrixFactorization { get; } = new(
        "mf",
        "Matrix factorisation",
        (train, options) =>
        {
            var scorer = new FactorModelScorer(MatrixFactorizationTrainer.Train(train, null, options));
            return new FittedModel(scorer, scorer);
        });

    /// <summary>
    /// The ranking objective: <see cref="BprTrainer"/> with default <see cref="BprOptions"/> (threads and seed from the
    /// given options), trained on all but <see cref="BprOptions.ValidationFraction"/> of the split's training ratings and
    /// calibrated on that held-out part, as the server does.
    /// </summary>
    public static EvaluationModel Ranking { get; } = new(
        "bpr",
        "BPR ranking",
        (train, options) =>
        {
            var bpr = new BprOptions { Threads = options.Threads, Seed = options.Seed };
            var (fit, calibration) = train.Split(bpr.ValidationFraction, bpr.Seed);
            var scorer = new FactorModelScorer(BprTrainer.TrainCalibrated(fit, calibration, bpr).Model);
            return new FittedModel(scorer, scorer);
        });

    /// <summary>μ + b_u + b_m fitted by alternating least squares (<see cref="BiasOnlyModel"/>).</summary>
    public static EvaluationModel BiasOnly { get; } = new(
        "bias",
        "Bias only",
        (train, _) =>
        {
            var model = BiasOnlyModel.Fit(train);
            return new FittedModel(model, model);
        });

    /// <summary>Most training ratings first (<see cref="PopularityScorer"/>); ranks only.</summary>
    public static EvaluationModel Popularity { get; } = new(
        "popularity",
        "Popularity",
        (train, _) => new FittedModel(new PopularityScorer(train), null));

    /// <summary>Every model, in table order.</summary>
    public static IReadOnlyList<EvaluationModel> All { get; } = [MatrixFactorization, Ranking, BiasOnly, Popularity];

    /// <summary>Looks a model up by its <see cref="EvaluationModel.Name"/> (case-insensitive).</summary>
    public static bool TryGet(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out EvaluationModel? model)
    {
        model = All.FirstOrDefault(m => m.Name.Equals(name, StringComparison.OrdinalIgnoreCase));
        return model is not null;
    }
}
