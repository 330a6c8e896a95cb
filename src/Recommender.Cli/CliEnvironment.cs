using Spectre.Console;

namespace Recommender.Cli;

/// <summary>The process around the CLI: consoles, environment variables and how to connect. Tests replace all of it.</summary>
public sealed class CliEnvironment
{
    public required IAnsiConsole Console { get; init; }

    public required TextWriter Output { get; init; }

    public required TextWriter Error { get; init; }

    public Func<string, string?> GetVariable { get; init; } = Environment.GetEnvironmentVariable;

    /// <summary>Builds the context of one command; by default a new channel to the chosen server.</summary>
    public Func<CliSettings, CliEnvironment, CliContext> Connect { get; init; } =
        static (settings, environment) => CliContext.Connect(settings, environment.Console, environment.Output, environment.Error);

    public static CliEnvironment FromProcess() => new()
    {
        Console = AnsiConsole.Console,
        Output = System.Console.Out,
        Error = System.Console.Error,
    };
}
