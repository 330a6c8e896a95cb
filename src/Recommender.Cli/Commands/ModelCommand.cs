using System.CommandLine;
using System.Globalization;
using Grpc.Core;
using Recommender.Cli.Output;
using Recommender.Contracts.V1;
using Spectre.Console;

namespace Recommender.Cli.Commands;

/// <summary><c>recommender model</c>: the model that serves now.</summary>
public static class ModelCommand
{
    public static Command Create(CliEnvironment environment, GlobalOptions global)
    {
        var command = new Command("model", "Show the active model: version, size, training error");
        CommandRunner.SetAction(command, environment, global, (context, _, cancellationToken) => RunAsync(context, cancellationToken));
        return command;
    }

    public static async Task<int> RunAsync(CliContext context, CancellationToken cancellationToken)
    {
        ModelInfo model;
        try
        {
            model = await context.Models.GetModelAsync(new GetModelRequest(), cancellationToken: cancellationToken);
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.NotFound)
        {
            await context.Error.WriteLineAsync($"No model yet ({e.Status.Detail}): {ErrorReporter.TrainHint}");
            return ExitCodes.Error;
        }

        if (context.Json)
        {
            JsonOutput.Write(context.Output, model);
            return ExitCodes.Ok;
        }

        var table = Tables.New($"Model version {model.ModelVersion}", "", "");
        table.HideHeaders();
        void Row(string name, string value) => table.AddRow(Tables.Cell(name), Tables.Cell(value));
        Row("Trained at (UTC)", model.TrainedAt?.ToDateTimeOffset().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) ?? "");
        Row("Dimensions", model.Dimensions.ToString(CultureInfo.InvariantCulture));
        Row("Users", Tables.Number(model.Users));
        Row("Movies", Tables.Number(model.Movies));
        Row("Ratings", Tables.Number(model.Ratings));
        Row("Objective", model.Objective);
        Row("Optimizer", model.Optimizer);
        Row("Epochs", model.Epochs.ToString(CultureInfo.InvariantCulture));
        Row("Train RMSE", Tables.Number(model.TrainRmse));
        Row("Validation RMSE", Tables.Number(model.ValidationRmse));
        Row("Online updates", Tables.Number(model.OnlineUpdates));
        context.Console.Write(table);
        if (model.LastTrainingError.Length > 0)
        {
            context.Console.WriteLine($"The latest training run failed ({model.LastTrainingError}); this model still serves.");
        }

        return ExitCodes.Ok;
    }
}
