using System.Diagnostics;
using Recommender.Core.Data;
using Recommender.Core.Training;

namespace Recommender.Core.Evaluation;

/// <summary>One configuration tried by <see cref="HyperparameterSearch"/>.</summary>
/// <param name="Index">0-based trial number; trial 0 is always the baseline options unchanged.</param>
/// <param name="Options">The options trained with.</param>
/// <param name="ValidationRmse">Mean validation RMSE over the tuning sets.</param>
/// <param name="Seconds">Wall time of the trial.</param>
public sealed record Trial(int Index, TrainingOptions Options, double ValidationRmse, double Seconds);

/// <summary>Every trial in order, and the best (lowest validation RMSE; the earlier trial wins a tie).</summary>
public sealed record SearchResult(IReadOnlyList<Trial> Trials, Trial Best)
{
    /// <summary>Trial 0: the options the search started from.</summary>
    public Trial Baseline => Trials[0];
}

/// <summary>
/// Random search over a <see cref="SearchSpace"/>, selecting on validation RMSE. Each tuning set (for example the
/// u1.base and u2.base training parts) is split into train and validation with a fixed seed; test data is never seen.
/// </summary>
/// <remarks>
/// Trial 0 trains the baseline options as given, so the report always shows how the defaults compare. Configurations
/// are drawn without repetition (up to the size of the space). Cost: trials × tuning sets × one training run.
/// </remarks>
public static class HyperparameterSearch
{
    /// <summary>Runs the search.</summary>
    /// <param name="tuningSets">Rating sets to tune on (never test data); the RMSE is averaged over them.</param>
    /// <param name="space">Values to sample from.</param>
    /// <param name="baseline">Starting options (also trial 0); sampled values replace its fields.</param>
    /// <param name="trials">Total trials including the baseline, 1–1000.</param>
    /// <param name="seed">Seed of the sampling (training uses <paramref name="baseline"/>'s seed).</param>
    /// <param name="validationFraction">Share of each tuning set held out for validation, in (0, 1).</param>
    /// <param name="range">Predictions are clamped to this range before RMSE.</param>
    /// <param name="onTrial">Called after each trial.</param>
    /// <param name="cancellationToken">Checked between trials and during training.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range.</exception>
    public static SearchResult Run(
        IReadOnlyList<RatingSet> tuningSets,
        SearchSpace space,
        TrainingOptions baseline,
        int trials,
        ulong seed,
        double validationFraction,
        RatingRange range,
        Action<Trial>? onTrial = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tuningSets);
        ArgumentNullException.ThrowIfNull(space);
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentOutOfRangeException.ThrowIfZero(tuningSets.Count, nameof(tuningSets));
        if (trials is < 1 or > 1000)
        {
            throw new ArgumentOutOfRangeException(nameof(trials), trials, "must be in [1, 1000]");
        }

        if (!(validationFraction > 0 && validationFraction < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(validationFraction), validationFraction, "must be in (0, 1)");
        }

        var splits = tuningSets.Select(s => s.Split(validationFraction, 1234)).ToArray();
        var configurations = Sample(space, baseline, trials, seed);
        var results = new List<Trial>(configurations.Count);
        foreach (var options in configurations)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var watch = Stopwatch.StartNew();
            var rmse = 0.0;
            foreach (var (train, validation) in splits)
            {
                var model = MatrixFactorizationTrainer.Train(train, null, options, cancellationToken: cancellationToken);
                rmse += ErrorMetrics.Measure(new FactorModelScorer(model), validation, range).Rmse;
            }

            var trial = new Trial(results.Count, options, rmse / splits.Length, watch.Elapsed.TotalSeconds);
            results.Add(trial);
            onTrial?.Invoke(trial);
        }

        var best = results[0];
        foreach (var t in results)
        {
            if (t.ValidationRmse < best.ValidationRmse)
            {
                best = t;
            }
        }

        return new SearchResult(results, best);
    }

    /// <summary>The baseline followed by distinct random configurations of the space.</summary>
    public static IReadOnlyList<TrainingOptions> Sample(SearchSpace space, TrainingOptions baseline, int trials, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentNullException.ThrowIfNull(baseline);
        var rng = new SplitMix64(seed);
        var chosen = new List<TrainingOptions> { baseline };
        var target = (int)Math.Min(trials, space.Size + 1);
        // Bounded retries: a draw that repeats an earlier one (or the baseline) is discarded.
        for (var attempt = 0; chosen.Count < target && attempt < trials * 100; attempt++)
        {
            var optimizer = space.Optimizers[rng.NextInt(space.Optimizers.Count)];
            var candidate = baseline with
            {
                Dimensions = space.Dimensions[rng.NextInt(space.Dimensions.Count)],
                Epochs = space.Epochs[rng.NextInt(space.Epochs.Count)],
                Regularization = space.Regularizations[rng.NextInt(space.Regularizations.Count)],
                Optimizer = optimizer.Optimizer,
                BatchSize = optimizer.BatchSize,
                LearningRate = optimizer.LearningRates[rng.NextInt(optimizer.LearningRates.Count)],
            };
            if (!chosen.Contains(candidate))
            {
                chosen.Add(candidate);
            }
        }

        return chosen;
    }
}
