using System.Security.Claims;
using System.Text.Encodings.Web;
using Grpc.Core;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Recommender.Server.Logging;

namespace Recommender.Server.Security;

/// <summary>
/// Authenticates <c>authorization: Bearer &lt;key&gt;</c> or <c>x-api-key: &lt;key&gt;</c> against
/// <see cref="ApiKeyStore"/>. Challenges and forbids answer as gRPC (trailers-only, HTTP 200) so
/// clients get UNAUTHENTICATED / PERMISSION_DENIED with a message that says what to send, rather
/// than the bare "Bad gRPC response. HTTP status code: 401".
/// </summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    ApiKeyStore keys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggerFactory, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string ApiKeyHeader = "x-api-key";

    private static readonly ClaimsPrincipal s_anonymousAdmin = Principal("anonymous", Roles.Admin);

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!keys.Enabled)
        {
            // No keys: the server runs open (bound to loopback only, see AnonymousAccessGuard).
            return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(s_anonymousAdmin, SchemeName)));
        }

        var key = PresentedKey(Request.Headers);
        if (key is null)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        return Task.FromResult(keys.TryFind(key, out var name, out var role)
            ? AuthenticateResult.Success(new AuthenticationTicket(Principal(name, role), SchemeName))
            : AuthenticateResult.Fail("the API key is not valid"));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        var message = result.Failure is null
            ? "no API key: send 'authorization: Bearer <key>' or 'x-api-key: <key>'"
            : "the API key is not valid; check the key or ask an admin for one";
        ServerLog.AuthenticationFailed(Logger, Request.Path, Context.Connection.RemoteIpAddress?.ToString() ?? "", result.Failure is null ? "missing key" : "invalid key");
        WriteTrailersOnly(StatusCode.Unauthenticated, message);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        var role = Context.User.FindFirst(ClaimTypes.Role)?.Value ?? "none";
        var name = Context.User.Identity?.Name ?? "";
        ServerLog.PermissionDenied(Logger, Request.Path, name, role);
        WriteTrailersOnly(StatusCode.PermissionDenied, $"the key '{name}' has role '{role}', which may not call {Request.Path}");
        return Task.CompletedTask;
    }

    /// <summary>The key from either header; null when neither is present.</summary>
    internal static string? PresentedKey(IHeaderDictionary headers)
    {
        string? authorization = headers.Authorization;
        if (authorization is not null && authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return authorization["Bearer ".Length..].Trim();
        }

        string? apiKey = headers[ApiKeyHeader];
        return string.IsNullOrEmpty(apiKey) ? null : apiKey.Trim();
    }

    private void WriteTrailersOnly(StatusCode code, string message)
    {
        // A gRPC "trailers-only" response: the status travels in the headers of an empty 200 response.
        Response.StatusCode = StatusCodes.Status200OK;
        Response.ContentType = "application/grpc";
        Response.Headers["grpc-status"] = ((int)code).ToString(System.Globalization.CultureInfo.InvariantCulture);
        Response.Headers["grpc-message"] = Uri.EscapeDataString(message);
    }

    private static ClaimsPrincipal Principal(string name, string role) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.Name, name), new Claim(ClaimTypes.Role, role)], SchemeName));
}
