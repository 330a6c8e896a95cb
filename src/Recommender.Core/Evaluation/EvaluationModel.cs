using Recommender.Core.Data;
using Recommender.Core.Training;

namespace Recommender.Core.Evaluation;

/// <summary>A model that evaluation can fit on a training split and then rank (and optionally predict) with.</summary>
/// <param name="Name">Short stable key used in JSON and on the command line, e.g. "mf".</param>
/// <param name="DisplayName">Human-readable name for tables.</param>
/// <param name="Fit">Fits the model to the training ratings with the given options.</param>
public sealed record EvaluationModel(string Name, string DisplayName, Func<RatingSet, TrainingOptions, FittedModel> Fit);

/// <summary>A fitted model: its ranking scorer and, for rating models, its predictor (null for pure rankers such as popularity).</summary>
public sealed record FittedModel(IRankingScorer Scorer, IRatingPredictor? Predictor);
