using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using Recommender.Server.Options;
using Recommender.Server.Security;

namespace Recommender.Server.Extensions;

internal static class SecurityExtensions
{
    /// <summary>API-key authentication, the three role policies, and the loopback-only rule for an open server.</summary>
    /// <remarks>Call before the other registrations: the guard must run before migrations touch the database.</remarks>
    public static IHostApplicationBuilder AddRecommenderSecurity(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IValidateOptions<RecommenderOptions>, AuthOptionsValidator>();
        builder.Services.AddSingleton<IValidateOptions<RecommenderOptions>, LimitOptionsValidator>();
        builder.Services.AddSingleton<ApiKeyStore>();
        builder.Services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        var admin = RolePolicy(Roles.AdminPolicy);
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(Roles.ReadPolicy, RolePolicy(Roles.ReadPolicy))
            .AddPolicy(Roles.WritePolicy, RolePolicy(Roles.WritePolicy))
            .AddPolicy(Roles.AdminPolicy, admin)
            // A method someone forgot to annotate is admin-only rather than open.
            .SetFallbackPolicy(admin);
        builder.Services.AddHostedService<AnonymousAccessGuard>();
        return builder;
    }

    private static AuthorizationPolicy RolePolicy(string policy) =>
        new AuthorizationPolicyBuilder(ApiKeyAuthenticationHandler.SchemeName).RequireRole(Roles.Admitted(policy)).Build();
}
