using System.Globalization;
using Microsoft.Extensions.Options;
using Recommender.Server.Options;

namespace Recommender.Server.Security;

/// <summary>Refuses to start on a malformed key entry, naming it, rather than silently locking someone out.</summary>
internal sealed class AuthOptionsValidator : IValidateOptions<RecommenderOptions>
{
    public ValidateOptionsResult Validate(string? name, RecommenderOptions options)
    {
        var problems = new List<string>();
        var keys = options.Auth.Keys;
        for (var i = 0; i < keys.Count; i++)
        {
            var key = keys[i];
            var at = string.Create(CultureInfo.InvariantCulture, $"Recommender:Auth:Keys:{i}");
            if (string.IsNullOrWhiteSpace(key.Name))
            {
                problems.Add($"{at}:Name is required");
            }

            if (!Roles.All.Contains(key.Role.ToLowerInvariant()))
            {
                problems.Add($"{at}:Role must be reader, writer or admin, got '{key.Role}'");
            }

            var hasHash = !string.IsNullOrEmpty(key.KeyHash);
            var hasKey = !string.IsNullOrEmpty(key.Key);
            if (hasHash == hasKey)
            {
                problems.Add($"{at} needs exactly one of KeyHash (hex SHA-256, see 'recommender hash-key') or Key (development only)");
            }
            else if (hasHash && (key.KeyHash!.Length != 64 || !key.KeyHash.All(char.IsAsciiHexDigit)))
            {
                problems.Add($"{at}:KeyHash must be 64 hex digits (a SHA-256)");
            }
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
