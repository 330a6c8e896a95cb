using System.CommandLine;

namespace Recommender.Cli;

/// <summary>Options every command takes: where the server is, the API key, and JSON output.</summary>
public sealed class GlobalOptions
{
    public GlobalOptions(CliEnvironment environment)
    {
        Server = new Option<string>("--server")
        {
            Description = $"Server address [env: {CliSettings.ServerVariable}]",
            HelpName = "url",
            Recursive = true,
            DefaultValueFactory = _ => environment.GetVariable(CliSettings.ServerVariable) is { Length: > 0 } fromEnvironment
                ? fromEnvironment
                : CliSettings.DefaultServer,
        };
        ApiKey = new Option<string?>("--api-key")
        {
            Description = $"API key, sent as 'authorization: Bearer <key>' [env: {CliSettings.ApiKeyVariable}]",
            HelpName = "key",
            Recursive = true,
            DefaultValueFactory = _ => environment.GetVariable(CliSettings.ApiKeyVariable) is { Length: > 0 } key ? key : null,
        };
        Json = new Option<bool>("--json")
        {
            Description = "Write machine-readable JSON to stdout",
            Recursive = true,
        };
    }

    public Option<string> Server { get; }

    public Option<string?> ApiKey { get; }

    public Option<bool> Json { get; }

    public void AddTo(Command command)
    {
        command.Options.Add(Server);
        command.Options.Add(ApiKey);
        command.Options.Add(Json);
    }

    /// <summary>The settings of <paramref name="parse"/>; a usage error for an address that is not a URL.</summary>
    public CliSettings Read(ParseResult parse)
    {
        var server = parse.GetValue(Server) ?? CliSettings.DefaultServer;
        if (!CliSettings.TryParseServer(server, out var uri))
        {
            throw new CliUsageException($"--server must be an http:// or https:// address, got '{server}'");
        }

        return new CliSettings(uri, parse.GetValue(ApiKey), parse.GetValue(Json));
    }
}
