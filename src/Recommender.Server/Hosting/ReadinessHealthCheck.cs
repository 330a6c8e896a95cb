using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Recommender.Server.Hosting;

/// <summary>Healthy once migrations ran and the active model (if any) is loaded.</summary>
internal sealed class ReadinessHealthCheck(ServerReadiness readiness) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(
            !readiness.DatabaseReady ? HealthCheckResult.Unhealthy("database not migrated yet")
            : !readiness.ModelLoaded ? HealthCheckResult.Unhealthy("active model not loaded yet")
            : HealthCheckResult.Healthy());
}
