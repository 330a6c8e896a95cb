using Recommender.Data;
using Recommender.Server.Application;
using Recommender.Server.Logging;

namespace Recommender.Server.Hosting;

/// <summary>
/// <c>--demo</c>: on an empty database, seeds the built-in catalogue and ratings from users
/// with planted tastes, then trains, so a newcomer gets recommendations at once.
/// </summary>
internal sealed class DemoSeeder(IServiceScopeFactory scopes, TrainingCoordinator training, ILogger<DemoSeeder> logger) : IHostedService
{
    private const int UsersPerTaste = 12;

    /// <summary>Removes the <c>--demo</c> switch from the arguments (configuration does not take bare switches).</summary>
    public static string[] StripFlag(string[] args, out bool demo)
    {
        demo = args.Contains("--demo", StringComparer.Ordinal);
        return demo ? args.Where(a => a != "--demo").ToArray() : args;
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using (var scope = scopes.CreateAsyncScope())
        {
            var catalog = scope.ServiceProvider.GetRequiredService<CatalogStore>();
            if (await catalog.CountAsync(cancellationToken) > 0)
            {
                ServerLog.DemoSkipped(logger);
                return;
            }

            await catalog.UpsertAsync(DemoCatalogue.Movies, cancellationToken);
            var batch = new RatingBatch();
            var random = new Random(2024);
            for (var t = 0; t < DemoCatalogue.Tastes.Length; t++)
            {
                for (var u = 0; u < UsersPerTaste; u++)
                {
                    var user = $"demo-{DemoCatalogue.Tastes[t].ToLowerInvariant()}-fan-{u + 1}";
                    foreach (var movie in DemoCatalogue.Movies)
                    {
                        if (random.NextDouble() < 0.55)
                        {
                            var loves = movie.Genres.Contains(DemoCatalogue.Tastes[t]);
                            var stars = loves ? 4 + (random.Next(3) * 0.5f) : 1 + (random.Next(5) * 0.5f);
                            batch.Add(user, movie.MovieId, stars, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
                        }
                    }
                }
            }

            await scope.ServiceProvider.GetRequiredService<RatingStore>().IngestAsync(batch, cancellationToken);
            ServerLog.DemoSeeded(logger, DemoCatalogue.Movies.Length, DemoCatalogue.Tastes.Length * UsersPerTaste, batch.Count);
        }

        // A few thousand ratings: a small model and a higher step size than the defaults, which are tuned for MovieLens.
        var run = training.StartOrAttach(new Core.Training.TrainingOptions { Dimensions = 16, Epochs = 150, LearningRate = 0.05f, Threads = 1 }, out _);
        await foreach (var update in run.FollowAsync(cancellationToken))
        {
            if (update.Done)
            {
                ServerLog.DemoReady(logger, update.State, update.ModelVersion);
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
