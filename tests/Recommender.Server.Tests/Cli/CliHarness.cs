using Recommender.Cli;
using Recommender.Server.Tests.Infrastructure;
using Recommender.Server.Tests.Integration;
using Spectre.Console;

namespace Recommender.Server.Tests.Cli;

/// <summary>What one CLI run wrote: <see cref="Output"/> is stdout's JSON, <see cref="Console"/> the tables and notes.</summary>
internal sealed record CliResult(int ExitCode, string Output, string Console, string Error);

/// <summary>Runs the real command tree against the in-process server, capturing every writer.</summary>
internal static class CliHarness
{
    public static string Address(this TestServer server) => $"http://{server.Channel.Target}";

    public static Task<CliResult> RunCliAsync(this TestServer server, params string[] args) =>
        RunAsync(["--server", server.Address(), .. args]);

    public static async Task<CliResult> RunAsync(string[] args, IReadOnlyDictionary<string, string>? variables = null)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var (console, consoleText) = NewConsole();
        var environment = new CliEnvironment
        {
            Console = console,
            Output = output,
            Error = error,
            GetVariable = name => variables is not null && variables.TryGetValue(name, out var value) ? value : null,
        };
        var exitCode = await CliApp.RunAsync(args, environment).WithTimeout();
        return new CliResult(exitCode, output.ToString(), consoleText.ToString(), error.ToString());
    }

    /// <summary>A context over the test server's own channel, for calling command bodies directly.</summary>
    public static (CliContext Context, StringWriter Output, StringWriter Console, StringWriter Error) Context(this TestServer server, bool json = false)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var (console, consoleText) = NewConsole();
        var settings = new CliSettings(new Uri(server.Address()), null, json);
        return (new CliContext(settings, server.Channel.CreateCallInvoker(), console, output, error), output, consoleText, error);
    }

    private static (IAnsiConsole Console, StringWriter Text) NewConsole()
    {
        var text = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(text),
        });
        console.Profile.Width = 200;
        return (console, text);
    }
}
