using Microsoft.Extensions.Options;
using Recommender.Data;
using Recommender.Server.Logging;
using Recommender.Server.Options;

namespace Recommender.Server.Hosting;

/// <summary>Applies migrations before the server accepts calls, so a fresh file needs no manual step.</summary>
internal sealed class DatabaseMigrator(
    IServiceScopeFactory scopes,
    ServerReadiness readiness,
    IOptions<RecommenderOptions> options,
    ILogger<DatabaseMigrator> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var path = options.Value.DatabaseFullPath;
        var folder = Path.GetDirectoryName(path);
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }

        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<RecommenderDbContext>();
            await DatabaseInitializer.InitializeAsync(db, cancellationToken);
        }

        readiness.MarkDatabaseReady();
        ServerLog.DatabaseReady(logger, path);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
