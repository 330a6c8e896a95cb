using Recommender.Server.Application;
using Recommender.Server.Hosting;

namespace Recommender.Server.Extensions;

internal static class ModelExtensions
{
    /// <summary>The published model, training, online updates and the popularity fallback.</summary>
    public static IHostApplicationBuilder AddRecommenderModel(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ModelEngine>();
        builder.Services.AddSingleton<TrainingCoordinator>();
        builder.Services.AddSingleton<PopularMovies>();
        builder.Services.AddScoped<OnlineUpdater>();
        builder.Services.AddHostedService<TrainingShutdown>();
        return builder;
    }
}
