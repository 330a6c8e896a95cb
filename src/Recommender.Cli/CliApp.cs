using System.CommandLine;
using Recommender.Cli.Commands;

namespace Recommender.Cli;

/// <summary>The command tree, and invocation with the exit codes of <see cref="ExitCodes"/>.</summary>
public static class CliApp
{
    public static RootCommand CreateRootCommand(CliEnvironment environment)
    {
        var global = new GlobalOptions(environment);
        var root = new RootCommand("recommender: import MovieLens data, train embeddings and get movie recommendations from a Recommender server");
        global.AddTo(root);
        root.Subcommands.Add(ImportCommand.Create(environment, global));
        root.Subcommands.Add(TrainCommand.Create(environment, global));
        root.Subcommands.Add(RecommendCommand.Create(environment, global));
        root.Subcommands.Add(SimilarCommand.Create(environment, global));
        root.Subcommands.Add(RateCommand.Create(environment, global));
        root.Subcommands.Add(RatingsCommand.Create(environment, global));
        root.Subcommands.Add(ModelCommand.Create(environment, global));
        root.Subcommands.Add(EvaluateCommand.Create(environment, global));
        root.Subcommands.Add(TuneCommand.Create(environment, global));
        return root;
    }

    /// <summary>Parses and runs; usage errors exit with 2 rather than System.CommandLine's 1.</summary>
    public static async Task<int> InvokeAsync(RootCommand root, IReadOnlyList<string> args, CliEnvironment environment, CancellationToken cancellationToken = default)
    {
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                await environment.Error.WriteLineAsync("error: " + error.Message);
            }

            var command = parse.CommandResult.Command;
            var help = command == root ? "recommender --help" : $"recommender {command.Name} --help";
            await environment.Error.WriteLineAsync($"Run '{help}' for usage.");
            return ExitCodes.Usage;
        }

        var configuration = new InvocationConfiguration { Output = environment.Output, Error = environment.Error };
        return await parse.InvokeAsync(configuration, cancellationToken);
    }

    /// <summary>Convenience for tests and scripts: build and run in one call.</summary>
    public static Task<int> RunAsync(IReadOnlyList<string> args, CliEnvironment environment, CancellationToken cancellationToken = default) =>
        InvokeAsync(CreateRootCommand(environment), args, environment, cancellationToken);
}
