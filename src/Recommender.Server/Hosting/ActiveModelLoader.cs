using Recommender.Data;
using Recommender.Server.Application;
using Recommender.Server.Logging;

namespace Recommender.Server.Hosting;

/// <summary>Loads the active model at start, after the migrator, so queries are personalised from the first call.</summary>
internal sealed class ActiveModelLoader(
    IServiceScopeFactory scopes, ModelEngine engine, ServerReadiness readiness, TimeProvider clock, ILogger<ActiveModelLoader> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var models = scope.ServiceProvider.GetRequiredService<ModelStore>();
        // Nothing trains yet, so a run recorded as running died with its process.
        var interrupted = await models.MarkUnfinishedRunsInterruptedAsync(clock.GetUtcNow().UtcDateTime, cancellationToken);
        if (interrupted > 0)
        {
            ServerLog.TrainingInterrupted(logger, interrupted);
        }

        var stored = await models.LoadActiveAsync(cancellationToken);
        if (stored is null)
        {
            ServerLog.NoModelYet(logger);
        }
        else
        {
            var catalogue = await scope.ServiceProvider.GetRequiredService<CatalogStore>().GetAllAsync(cancellationToken);
            engine.Publish(ServingModelBuilder.Build(stored, catalogue));
            ServerLog.ModelLoaded(logger, stored.Header.Version, stored.Model.UserCount, stored.Model.MovieCount, stored.Model.Dimensions);
        }

        readiness.MarkModelLoaded();
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
