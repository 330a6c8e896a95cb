using System.CommandLine;
using System.Globalization;
using Grpc.Core;
using Recommender.Cli.Output;
using Recommender.Contracts.V1;
using Spectre.Console;

namespace Recommender.Cli.Commands;

/// <summary>
/// <c>recommender train</c>: start a run (or attach to the one running) and watch it epoch by epoch.
/// Ctrl+C only stops watching; the run belongs to the server.
/// </summary>
public static class TrainCommand
{
    public const string DetachedMessage =
        "Detached. The training run continues on the server.\n" +
        "Watch it again with: recommender train\n" +
        "Stop it with:        recommender train --cancel";

    public static Command Create(CliEnvironment environment, GlobalOptions global)
    {
        var dimensions = new Option<int>("--dimensions") { Description = "Embedding size (0: server default)" };
        var epochs = new Option<int>("--epochs") { Description = "Passes over the ratings (0: server default)" };
        var learningRate = Parsers.FloatOption("--learning-rate", "Step size (0: server default)");
        var regularization = Parsers.FloatOption("--regularization", "L2 weight on the touched rows (0: server default)");
        var optimizer = new Option<string>("--optimizer") { Description = "sgd, adagrad or sparse_adam" };
        optimizer.AcceptOnlyFromAmong("sgd", "adagrad", "sparse_adam");
        var batchSize = new Option<int>("--batch-size") { Description = "Ratings per step (0: server default)" };
        var validationFraction = Parsers.FloatOption("--validation-fraction", "Share of ratings held out for validation RMSE");
        var seed = new Option<ulong>("--seed") { Description = "Random seed; the same seed on one thread gives the same model" };
        var objective = new Option<string>("--objective") { Description = "rating (default) or ranking" };
        objective.AcceptOnlyFromAmong("rating", "ranking");
        var threads = new Option<int>("--threads") { Description = "Training threads (0: server default)" };
        var cancel = new Option<bool>("--cancel") { Description = "Cancel the running training run instead" };
        var command = new Command("train", "Train a model, or watch the run in progress (Ctrl+C detaches)")
        {
            dimensions, epochs, learningRate, regularization, optimizer, batchSize, validationFraction, seed, objective, threads, cancel,
        };
        CommandRunner.SetAction(command, environment, global, (context, parse, cancellationToken) =>
        {
            if (parse.GetValue(cancel))
            {
                return CancelAsync(context, cancellationToken);
            }

            var request = new TrainRequest
            {
                Dimensions = parse.GetValue(dimensions),
                Epochs = parse.GetValue(epochs),
                LearningRate = parse.GetValue(learningRate),
                Regularization = parse.GetValue(regularization),
                Optimizer = parse.GetValue(optimizer) ?? "",
                BatchSize = parse.GetValue(batchSize),
                ValidationFraction = parse.GetValue(validationFraction),
                Seed = parse.GetValue(seed),
                Objective = parse.GetValue(objective) ?? "",
                Threads = parse.GetValue(threads),
            };
            return RunAsync(context, request, cancellationToken);
        });
        return command;
    }

    public static async Task<int> CancelAsync(CliContext context, CancellationToken cancellationToken)
    {
        var response = await context.Models.CancelTrainingAsync(new CancelTrainingRequest(), cancellationToken: cancellationToken);
        if (context.Json)
        {
            JsonOutput.Write(context.Output, response);
        }
        else
        {
            context.Console.WriteLine(response.Cancelled
                ? "Cancelled the training run; the previous model keeps serving."
                : "No training run was in progress.");
        }

        return ExitCodes.Ok;
    }

    /// <summary>Streams progress until the run ends or <paramref name="detach"/> fires (Ctrl+C).</summary>
    public static async Task<int> RunAsync(CliContext context, TrainRequest request, CancellationToken detach)
    {
        TrainingProgress? last = null;
        try
        {
            using var call = context.Models.Train(request, cancellationToken: detach);
            if (context.Json || !context.Console.Profile.Capabilities.Interactive)
            {
                await foreach (var progress in call.ResponseStream.ReadAllAsync(detach))
                {
                    last = progress;
                    WriteLine(context, progress);
                }
            }
            else
            {
                var table = ProgressTable();
                await context.Console.Live(table).StartAsync(async live =>
                {
                    await foreach (var progress in call.ResponseStream.ReadAllAsync(detach))
                    {
                        last = progress;
                        AddRow(table, progress);
                        live.Refresh();
                    }
                });
            }
        }
        catch (Exception e) when (detach.IsCancellationRequested && e is OperationCanceledException or RpcException { StatusCode: StatusCode.Cancelled })
        {
            await context.Error.WriteLineAsync(DetachedMessage);
            return ExitCodes.Ok;
        }

        return await FinishAsync(context, last);
    }

    private static async Task<int> FinishAsync(CliContext context, TrainingProgress? last)
    {
        switch (last?.State)
        {
            case "completed":
                if (!context.Json)
                {
                    context.Console.WriteLine($"Model version {last.ModelVersion} is serving. Try: recommender recommend <user>, recommender similar <movie>");
                }

                return ExitCodes.Ok;
            case "cancelled":
                await context.Error.WriteLineAsync("The training run was cancelled; the previous model keeps serving.");
                return ExitCodes.Error;
            case "failed":
                await context.Error.WriteLineAsync($"error: training failed: {last.Message}");
                return ExitCodes.Error;
            default:
                await context.Error.WriteLineAsync("The server ended the progress stream before the run finished. Attach again with: recommender train");
                return ExitCodes.Error;
        }
    }

    private static Table ProgressTable()
    {
        var table = Tables.New("Training", "Epoch", "Train RMSE", "Validation RMSE", "Ratings/s", "State");
        foreach (var column in table.Columns.Take(4))
        {
            column.RightAligned();
        }

        return table;
    }

    private static void AddRow(Table table, TrainingProgress progress) => table.AddRow(
        Tables.Cell(Epoch(progress)),
        Tables.Cell(Rmse(progress.TrainRmse)),
        Tables.Cell(Rmse(progress.ValidationRmse)),
        Tables.Cell(progress.RatingsPerSecond > 0 ? Tables.Number((long)progress.RatingsPerSecond) : ""),
        Tables.Cell(progress.Message.Length > 0 ? $"{progress.State}: {progress.Message}" : progress.State));

    private static void WriteLine(CliContext context, TrainingProgress progress)
    {
        if (context.Json)
        {
            JsonOutput.WriteLine(context.Output, progress);
            return;
        }

        context.Console.WriteLine(FormattableString.Invariant(
            $"epoch {Epoch(progress)}  train RMSE {Rmse(progress.TrainRmse)}  validation RMSE {Rmse(progress.ValidationRmse)}  {progress.RatingsPerSecond:N0} ratings/s  {progress.State} {progress.Message}").TrimEnd());
    }

    private static string Epoch(TrainingProgress progress) => progress.Epochs > 0
        ? string.Create(CultureInfo.InvariantCulture, $"{progress.Epoch}/{progress.Epochs}")
        : "";

    private static string Rmse(double value) => value > 0 ? Tables.Number(value) : "-";
}
