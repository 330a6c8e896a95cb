using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Recommender.Cli.Output;
using Recommender.Core;
using Recommender.Core.Evaluation;
using Recommender.Core.Training;
using Spectre.Console;

namespace Recommender.Cli.Commands;

/// <summary>
/// <c>recommender evaluate &lt;dir&gt;</c>: fits every model of <see cref="EvaluationModels.All"/> on each train split of a
/// MovieLens folder, in this process (no server), and prints RMSE/MAE and top-k ranking figures per model.
/// </summary>
public static class EvaluateCommand
{
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static Command Create(CliEnvironment environment, GlobalOptions global)
    {
        var directory = new Argument<string>("dir") { Description = "MovieLens folder: ml-100k (u1.base … u5.test, u.data) or one with ratings.csv" };
        var folds = new Option<int>("--folds") { Description = "Folds: u1…uN for movielens (1-5), N-fold for random (2-100)", DefaultValueFactory = _ => 5 };
        var split = new Option<string>("--split") { Description = "movielens (the u1-u5 folds), random (seeded k-fold) or temporal (per-user leave-last-n-out)", DefaultValueFactory = _ => "movielens" };
        split.AcceptOnlyFromAmong("movielens", "random", "temporal");
        var k = new Option<int>("--k") { Description = "List length for P/R/NDCG/MAP@k (1-1000)", DefaultValueFactory = _ => 10 };
        var output = new Option<string?>("--output", "-o") { Description = "Also write the results as JSON to this file" };
        var models = new Option<string?>("--models") { Description = $"Comma-separated subset of: {string.Join(", ", EvaluationModels.All.Select(m => m.Name))}" };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the random folds and of training", DefaultValueFactory = _ => 42 };
        var leaveLast = new Option<int>("--leave-last") { Description = "Ratings held out per user by the temporal split", DefaultValueFactory = _ => 10 };
        var dimensions = new Option<int>("--dimensions") { Description = "Matrix factorisation: embedding size (0: default)" };
        var epochs = new Option<int>("--epochs") { Description = "Matrix factorisation: passes over the ratings (0: default)" };
        var command = new Command("evaluate", "Measure the models on a MovieLens folder, in-process: RMSE, MAE, P/R/NDCG/MAP@k, hit rate, coverage")
        {
            directory, folds, split, k, output, models, seed, leaveLast, dimensions, epochs,
        };
        CommandRunner.SetAction(command, environment, global, (context, parse, cancellationToken) =>
        {
            var defaults = new TrainingOptions();
            var request = new EvaluateRequest(
                parse.GetRequiredValue(directory),
                parse.GetValue(split) ?? "movielens",
                parse.GetValue(folds),
                parse.GetValue(k),
                parse.GetValue(output),
                parse.GetValue(models),
                parse.GetValue(leaveLast),
                defaults with
                {
                    Seed = parse.GetValue(seed),
                    Dimensions = parse.GetValue(dimensions) is > 0 and var d ? d : defaults.Dimensions,
                    Epochs = parse.GetValue(epochs) is > 0 and var e ? e : defaults.Epochs,
                });
            return RunAsync(context, request, cancellationToken);
        });
        return command;
    }

    public static async Task<int> RunAsync(CliContext context, EvaluateRequest request, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(request.Directory))
        {
            throw new CliUsageException($"the folder '{request.Directory}' does not exist. {ImportCommand.DownloadHint}");
        }

        if (request.K is < 1 or > 1000)
        {
            throw new CliUsageException($"--k must be in 1-1000, got {request.K}");
        }

        if (!EvaluationSplits.TryParse(request.Split, out var kind))
        {
            throw new CliUsageException($"--split must be movielens, random or temporal, got '{request.Split}'");
        }

        var selected = SelectModels(request.Models);
        IReadOnlyList<Split> splits;
        try
        {
            splits = EvaluationSplits.Create(request.Directory, kind, request.Folds, request.Training.Seed, request.LeaveLast);
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new CliUsageException($"--{OptionName(e.ParamName)}: {e.Message}", e);
        }
        catch (Exception e) when (e is FileNotFoundException or FormatException)
        {
            throw new CliUsageException(e.Message, e);
        }

        var ranking = new RankingOptions { K = request.K };
        var scores = await Task.Run(
            () => ModelComparison.Run(
                splits,
                selected,
                request.Training,
                ranking,
                ObservedRange(splits),
                (fold, score) => Progress(context, fold, splits.Count, score),
                cancellationToken),
            cancellationToken);

        var report = BuildReport(request, kind, splits.Count, ranking, selected, scores);
        if (request.OutputPath is { Length: > 0 } path)
        {
            await File.WriteAllTextAsync(path, JsonSerializer.Serialize(report, s_json), cancellationToken);
        }

        if (context.Json)
        {
            JsonOutput.Write(context.Output, report);
        }
        else
        {
            context.Console.Write(Table(report));
            if (request.OutputPath is { Length: > 0 })
            {
                context.Console.WriteLine($"Wrote {request.OutputPath}");
            }
        }

        return ExitCodes.Ok;
    }

    // MovieLens folders differ in scale (ml-100k is 1-5 whole stars, ml-latest 0.5-5), so clamp predictions to what the data uses.
    private static RatingRange ObservedRange(IReadOnlyList<Split> splits)
    {
        var values = splits[0].Train.Values.Concat(splits[0].Test.Values).ToArray();
        return values.Length == 0 ? RatingRange.Default : new RatingRange(values.Min(), values.Max());
    }

    private static IReadOnlyList<EvaluationModel> SelectModels(string? names)
    {
        if (string.IsNullOrWhiteSpace(names))
        {
            return EvaluationModels.All;
        }

        var selected = new List<EvaluationModel>();
        foreach (var name in names.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!EvaluationModels.TryGet(name, out var model))
            {
                throw new CliUsageException($"--models: unknown model '{name}'; expected {string.Join(", ", EvaluationModels.All.Select(m => m.Name))}");
            }

            selected.Add(model);
        }

        return selected;
    }

    // Core names the parameter; the user typed the option.
    private static string OptionName(string? parameter) => parameter switch
    {
        "leaveLast" or "n" => "leave-last",
        null => "folds",
        _ => parameter,
    };

    private static void Progress(CliContext context, int fold, int folds, ModelScore score)
    {
        if (!context.Json)
        {
            context.Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"fold {fold + 1}/{folds}  {score.Model,-12} fitted in {score.FitSeconds:F1} s"));
        }
    }

    private static EvaluationReport BuildReport(
        EvaluateRequest request,
        SplitKind kind,
        int folds,
        RankingOptions ranking,
        IReadOnlyList<EvaluationModel> models,
        IReadOnlyList<IReadOnlyList<ModelScore>> scores)
    {
        var t = request.Training;
        var training = new EvaluationTraining(t.Dimensions, t.Epochs, t.LearningRate, t.Regularization, TuneCommand.OptimizerName(t.Optimizer), t.Seed);
        var reports = models.Select((m, i) => new EvaluationModelReport(
            m.Name,
            m.DisplayName,
            EvaluationFigures.From(ModelScore.Mean(scores[i])),
            scores[i].Select(EvaluationFigures.From).ToArray())).ToArray();
        return new EvaluationReport(
            Path.GetFullPath(request.Directory), kind.ToString().ToLowerInvariant(), folds, ranking.K, ranking.RelevanceThreshold, training, reports);
    }

    // Short headers, short model keys and one-space padding keep the table within an 80-column terminal.
    private static Table Table(EvaluationReport report)
    {
        var k = report.K.ToString(CultureInfo.InvariantCulture);
        var table = Tables.New(
            $"{report.Split} split, {report.Folds} fold(s), mean; relevant = rating ≥ {report.RelevanceThreshold.ToString(CultureInfo.InvariantCulture)}",
            "Model", "RMSE", "MAE", $"P@{k}", $"R@{k}", $"NDCG@{k}", $"MAP@{k}", "Hit", "Cover");
        foreach (var column in table.Columns.Skip(1))
        {
            column.RightAligned();
        }

        foreach (var column in table.Columns)
        {
            column.Padding = new Padding(1, 0, 0, 0);
        }

        foreach (var model in report.Models)
        {
            var m = model.Mean;
            table.AddRow(
                Tables.Cell(model.Name),
                Tables.Cell(Tables.Number(m.Rmse ?? double.NaN)),
                Tables.Cell(Tables.Number(m.Mae ?? double.NaN)),
                Tables.Cell(Tables.Number(m.Precision, "0.000")),
                Tables.Cell(Tables.Number(m.Recall, "0.000")),
                Tables.Cell(Tables.Number(m.Ndcg, "0.000")),
                Tables.Cell(Tables.Number(m.Map, "0.000")),
                Tables.Cell(Tables.Number(m.HitRate, "0.000")),
                Tables.Cell(Tables.Number(m.Coverage, "0.000")));
        }

        return table;
    }
}

/// <summary>What <c>recommender evaluate</c> was asked to do.</summary>
public sealed record EvaluateRequest(
    string Directory,
    string Split,
    int Folds,
    int K,
    string? OutputPath,
    string? Models,
    int LeaveLast,
    TrainingOptions Training);
