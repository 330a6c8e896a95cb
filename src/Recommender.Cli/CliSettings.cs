namespace Recommender.Cli;

/// <summary>The global options of one invocation, after defaults and environment variables.</summary>
public sealed record CliSettings(Uri Server, string? ApiKey, bool Json)
{
    public const string DefaultServer = "http://localhost:5080";

    public const string ServerVariable = "RECOMMENDER_SERVER";

    public const string ApiKeyVariable = "RECOMMENDER_API_KEY";

    /// <summary>Accepts "host:port" as well as a full URL, since that is what people type.</summary>
    public static bool TryParseServer(string text, out Uri server)
    {
        var candidate = text.Contains("://", StringComparison.Ordinal) ? text : "http://" + text;
        if (Uri.TryCreate(candidate, UriKind.Absolute, out var uri)
            && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
        {
            server = uri;
            return true;
        }

        server = null!;
        return false;
    }
}
