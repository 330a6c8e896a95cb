using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Recommender.Cli.Output;
using Recommender.Core;
using Recommender.Core.Data;
using Recommender.Core.Evaluation;
using Recommender.Core.Training;
using Spectre.Console;

namespace Recommender.Cli.Commands;

/// <summary>
/// <c>recommender tune &lt;dir&gt;</c>: random hyperparameter search for matrix factorisation, in-process, selecting on
/// validation RMSE carved from training parts only (u1.base, u2.base … for ml-100k); with <c>--compare</c> it then
/// scores the best configuration and the current defaults on the test folds.
/// </summary>
public static class TuneCommand
{
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static Command Create(CliEnvironment environment, GlobalOptions global)
    {
        var directory = new Argument<string>("dir") { Description = "MovieLens folder (ml-100k with u1.base … or one with u.data / ratings.csv)" };
        var trials = new Option<int>("--trials") { Description = "Configurations to try, the current defaults included (1-1000)", DefaultValueFactory = _ => 12 };
        var tuneFolds = new Option<int>("--tune-folds") { Description = "Tune on the training parts of folds u1…uN (1-5)", DefaultValueFactory = _ => 2 };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the sampling", DefaultValueFactory = _ => 7 };
        var compare = new Option<bool>("--compare") { Description = "Then score the best and the defaults on the 5 test folds" };
        var output = new Option<string?>("--output", "-o") { Description = "Also write every trial as JSON to this file" };
        var command = new Command("tune", "Random hyperparameter search for matrix factorisation on a validation split (in-process)")
        {
            directory, trials, tuneFolds, seed, compare, output,
        };
        CommandRunner.SetAction(command, environment, global, (context, parse, cancellationToken) => RunAsync(
            context,
            parse.GetRequiredValue(directory),
            parse.GetValue(trials),
            parse.GetValue(tuneFolds),
            parse.GetValue(seed),
            parse.GetValue(compare),
            parse.GetValue(output),
            cancellationToken));
        return command;
    }

    public static async Task<int> RunAsync(
        CliContext context, string directory, int trials, int tuneFolds, ulong seed, bool compare, string? outputPath, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(directory))
        {
            throw new CliUsageException($"the folder '{directory}' does not exist. {ImportCommand.DownloadHint}");
        }

        if (trials is < 1 or > 1000)
        {
            throw new CliUsageException($"--trials must be in 1-1000, got {trials}");
        }

        if (tuneFolds is < 1 or > 5)
        {
            throw new CliUsageException($"--tune-folds must be in 1-5, got {tuneFolds}");
        }

        var hasFolds = MovieLensRatings.HasFolds(directory, 5);
        IReadOnlyList<RatingSet> tuningSets;
        string tunedOn;
        try
        {
            if (MovieLensRatings.HasFolds(directory, tuneFolds))
            {
                tuningSets = Enumerable.Range(1, tuneFolds).Select(f => MovieLensRatings.LoadFold(directory, f).Train).ToArray();
                tunedOn = $"90% of u1.base…u{tuneFolds}.base, validated on the other 10%";
            }
            else
            {
                tuningSets = [Splitters.RandomKFold(MovieLensRatings.LoadAll(directory).Ratings, 5, seed)[0].Train];
                tunedOn = "90% of a random 80% of the ratings, validated on the other 10%";
            }
        }
        catch (Exception e) when (e is FileNotFoundException or FormatException)
        {
            throw new CliUsageException(e.Message, e);
        }

        var range = new RatingRange(tuningSets[0].Values.Min(), tuningSets[0].Values.Max());
        var result = await Task.Run(
            () => HyperparameterSearch.Run(tuningSets, new SearchSpace(), new TrainingOptions(), trials, seed, 0.1, range, t => Progress(context, t), cancellationToken),
            cancellationToken);

        double? bestTest = null;
        double? defaultsTest = null;
        if (compare)
        {
            var splits = hasFolds
                ? EvaluationSplits.Create(directory, SplitKind.MovieLens)
                : EvaluationSplits.Create(directory, SplitKind.Random, 5, seed);
            defaultsTest = await Task.Run(() => TestRmse(splits, result.Baseline.Options, range), cancellationToken);
            bestTest = ReferenceEquals(result.Best, result.Baseline)
                ? defaultsTest
                : await Task.Run(() => TestRmse(splits, result.Best.Options, range), cancellationToken);
        }

        var report = new TuneReport(
            tunedOn,
            result.Trials.Select(Row).ToArray(),
            Row(result.Best),
            bestTest,
            defaultsTest);
        if (outputPath is { Length: > 0 })
        {
            await File.WriteAllTextAsync(outputPath, JsonSerializer.Serialize(report, s_json), cancellationToken);
        }

        if (context.Json)
        {
            JsonOutput.Write(context.Output, report);
            return ExitCodes.Ok;
        }

        var table = Tables.New($"Random search, tuned on {tunedOn} (* = best)", "#", "Optimizer", "d", "Epochs", "LR", "Batch", "Reg", "Val RMSE", "s");
        foreach (var column in table.Columns)
        {
            column.Padding = new Padding(1, 0, 1, 0);
        }

        foreach (var trial in report.Trials)
        {
            var marker = trial.Index == report.Best.Index ? "*" : "";
            table.AddRow(
                Tables.Cell((trial.Index == 0 ? "defaults" : trial.Index.ToString(CultureInfo.InvariantCulture)) + marker),
                Tables.Cell(trial.Optimizer),
                Tables.Cell(trial.Dimensions.ToString(CultureInfo.InvariantCulture)),
                Tables.Cell(trial.Epochs.ToString(CultureInfo.InvariantCulture)),
                Tables.Cell(trial.LearningRate.ToString(CultureInfo.InvariantCulture)),
                Tables.Cell(trial.BatchSize.ToString(CultureInfo.InvariantCulture)),
                Tables.Cell(trial.Regularization.ToString(CultureInfo.InvariantCulture)),
                Tables.Cell(Tables.Number(trial.ValidationRmse)),
                Tables.Cell(Tables.Number(trial.Seconds, "0.0")));
        }

        context.Console.Write(table);
        if (bestTest is { } b && defaultsTest is { } d)
        {
            context.Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"5-fold test RMSE: best {b:F4}, defaults {d:F4}"));
        }

        return ExitCodes.Ok;
    }

    private static double TestRmse(IReadOnlyList<Split> splits, TrainingOptions options, RatingRange range) =>
        splits.Average(s => ErrorMetrics.Measure(new FactorModelScorer(MatrixFactorizationTrainer.Train(s.Train, null, options)), s.Test, range).Rmse);

    // The names `train --optimizer` accepts.
    internal static string OptimizerName(OptimizerKind kind) => kind switch
    {
        OptimizerKind.SparseAdam => "sparse_adam",
        _ => kind.ToString().ToLowerInvariant(),
    };

    private static void Progress(CliContext context, Trial trial)
    {
        if (!context.Json)
        {
            var o = trial.Options;
            context.Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"trial {trial.Index}: {o.Optimizer} d={o.Dimensions} epochs={o.Epochs} lr={o.LearningRate} reg={o.Regularization} → val RMSE {trial.ValidationRmse:F4} ({trial.Seconds:F1} s)"));
        }
    }

    private static TuneTrial Row(Trial t) => new(
        t.Index,
        OptimizerName(t.Options.Optimizer),
        t.Options.Dimensions,
        t.Options.Epochs,
        t.Options.LearningRate,
        t.Options.BatchSize,
        t.Options.Regularization,
        t.ValidationRmse,
        Math.Round(t.Seconds, 2));
}

/// <summary>The JSON of <c>recommender tune</c>.</summary>
public sealed record TuneReport(string TunedOn, IReadOnlyList<TuneTrial> Trials, TuneTrial Best, double? BestTestRmse, double? DefaultsTestRmse);

/// <summary>One trial; index 0 is the current defaults.</summary>
public sealed record TuneTrial(int Index, string Optimizer, int Dimensions, int Epochs, float LearningRate, int BatchSize, float Regularization, double ValidationRmse, double Seconds);
