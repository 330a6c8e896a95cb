using System.CommandLine;
using Grpc.Core;
using Recommender.Cli.Output;

namespace Recommender.Cli;

/// <summary>Turns a command body into an action: builds the context, runs it, and maps failures to messages and exit codes.</summary>
public static class CommandRunner
{
    public static void SetAction(
        Command command,
        CliEnvironment environment,
        GlobalOptions global,
        Func<CliContext, ParseResult, CancellationToken, Task<int>> body)
    {
        command.SetAction(async (parse, cancellationToken) =>
        {
            CliSettings settings;
            try
            {
                settings = global.Read(parse);
            }
            catch (CliUsageException e)
            {
                await environment.Error.WriteLineAsync("error: " + e.Message);
                return ExitCodes.Usage;
            }

            using var context = environment.Connect(settings, environment);
            return await RunAsync(context, cancellationToken => body(context, parse, cancellationToken), cancellationToken);
        });
    }

    /// <summary>Runs <paramref name="body"/> and reports what went wrong in words that say what to do next.</summary>
    public static async Task<int> RunAsync(CliContext context, Func<CancellationToken, Task<int>> body, CancellationToken cancellationToken)
    {
        try
        {
            return await body(cancellationToken);
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.Cancelled && cancellationToken.IsCancellationRequested)
        {
            await context.Error.WriteLineAsync("Cancelled.");
            return ExitCodes.Cancelled;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await context.Error.WriteLineAsync("Cancelled.");
            return ExitCodes.Cancelled;
        }
        catch (RpcException e)
        {
            return await ErrorReporter.ReportAsync(context, e);
        }
        catch (CliUsageException e)
        {
            await context.Error.WriteLineAsync("error: " + e.Message);
            return ExitCodes.Usage;
        }
    }
}
