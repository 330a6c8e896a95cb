using System.CommandLine;
using System.Security.Cryptography;
using System.Text;

namespace Recommender.Cli.Commands;

/// <summary><c>recommender hash-key &lt;key&gt;</c>: the SHA-256 the server configuration stores instead of the key.</summary>
public static class HashKeyCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var key = new Argument<string>("key") { Description = "The API key clients will send" };
        var name = new Option<string>("--name") { Description = "Who holds the key (appears in server logs)", DefaultValueFactory = _ => "my-client" };
        var role = new Option<string>("--role") { Description = "reader, writer or admin", DefaultValueFactory = _ => "reader" };
        role.AcceptOnlyFromAmong("reader", "writer", "admin");
        var command = new Command("hash-key", "Print the SHA-256 of an API key and a configuration snippet for the server (no server needed)")
        {
            key, name, role,
        };
        command.SetAction(async parse =>
        {
            var value = parse.GetValue(key) ?? "";
            if (value.Length < 16)
            {
                await environment.Error.WriteLineAsync("error: use a key of at least 16 characters (for example: openssl rand -hex 32)");
                return ExitCodes.Usage;
            }

            var hash = Hash(value);
            var holder = parse.GetValue(name);
            var keyRole = parse.GetValue(role);
            await environment.Output.WriteLineAsync(hash);
            await environment.Error.WriteLineAsync(
                $$"""

                Add to the server's appsettings.json (section "Recommender"):
                  "Auth": { "Keys": [ { "Name": "{{holder}}", "Role": "{{keyRole}}", "KeyHash": "{{hash}}" } ] }
                or as environment variables:
                  Recommender__Auth__Keys__0__Name={{holder}}
                  Recommender__Auth__Keys__0__Role={{keyRole}}
                  Recommender__Auth__Keys__0__KeyHash={{hash}}
                Clients then pass the key with --api-key or {{CliSettings.ApiKeyVariable}}.
                """);
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>Lower-case hex SHA-256 of the UTF-8 key, as the server computes it.</summary>
    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
}
