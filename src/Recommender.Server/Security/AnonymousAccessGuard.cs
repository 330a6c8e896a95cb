using System.Net;
using Microsoft.Extensions.Options;
using Recommender.Server.Hosting;
using Recommender.Server.Logging;
using Recommender.Server.Options;

namespace Recommender.Server.Security;

/// <summary>
/// Without API keys the server lets anyone in as admin, which is only safe on loopback. Runs
/// before Kestrel binds (WebApplication starts its server after every other hosted service), so
/// an unsafe configuration never accepts a connection.
/// </summary>
internal sealed class AnonymousAccessGuard(
    IConfiguration configuration,
    ApiKeyStore keys,
    IOptions<RecommenderOptions> options,
    ILogger<AnonymousAccessGuard> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (keys.Enabled)
        {
            ServerLog.AuthEnabled(logger, options.Value.Auth.Keys.Count);
            return Task.CompletedTask;
        }

        var exposed = NonLoopbackUrls(configuration);
        if (exposed.Count == 0)
        {
            ServerLog.RunningOpen(logger);
        }
        else if (options.Value.Auth.AllowAnonymous)
        {
            ServerLog.RunningOpenExposed(logger, string.Join(", ", exposed));
        }
        else
        {
            throw new StartupRefusedException(
                $"Refusing to start: {string.Join(", ", exposed)} is not a loopback address and no API keys are configured, " +
                "so anyone who can reach it could train, delete and write. Configure Recommender:Auth:Keys " +
                "('recommender hash-key <key>' prints a snippet), bind http://localhost, " +
                "or set Recommender:Auth:AllowAnonymous=true to run open on purpose.");
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The configured listen addresses (Kestrel endpoints, <c>urls</c>, <c>http_ports</c>) that are not loopback.</summary>
    internal static List<string> NonLoopbackUrls(IConfiguration configuration)
    {
        var urls = configuration.GetSection("Kestrel:Endpoints").GetChildren()
            .Select(endpoint => endpoint["Url"])
            .Concat((configuration["urls"] ?? "").Split(';'))
            .Where(url => !string.IsNullOrWhiteSpace(url))
            .Select(url => url!.Trim())
            .ToList();

        // http_ports / https_ports bind every interface.
        foreach (var ports in new[] { "http_ports", "https_ports" })
        {
            if (!string.IsNullOrWhiteSpace(configuration[ports]))
            {
                urls.Add($"{ports}={configuration[ports]}");
            }
        }

        return [.. urls.Where(url => !IsLoopback(url))];
    }

    /// <summary>
    /// Kestrel binds <c>localhost</c> to loopback, an IP literal to itself, and anything else
    /// (<c>*</c>, <c>+</c>, other host names) to every interface.
    /// </summary>
    internal static bool IsLoopback(string url)
    {
        var start = url.IndexOf("://", StringComparison.Ordinal);
        if (start < 0)
        {
            return false;
        }

        var rest = url[(start + 3)..];
        var end = rest.IndexOf('/', StringComparison.Ordinal);
        var authority = end < 0 ? rest : rest[..end];
        string host;
        if (authority.StartsWith('['))
        {
            var close = authority.IndexOf(']', StringComparison.Ordinal);
            host = close < 0 ? authority : authority[1..close];
        }
        else
        {
            var colon = authority.LastIndexOf(':');
            host = colon < 0 ? authority : authority[..colon];
        }

        return host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address));
    }
}
