using Microsoft.Extensions.Options;
using Recommender.Data;
using Recommender.Server.Hosting;
using Recommender.Server.Options;

namespace Recommender.Server.Extensions;

internal static class DataExtensions
{
    /// <summary>The SQLite store, its migrator and the stores the services use.</summary>
    public static IHostApplicationBuilder AddRecommenderData(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<RecommenderOptions>()
            .Bind(builder.Configuration.GetSection(RecommenderOptions.SectionName))
            .Validate(o => o.RatingMin < o.RatingMax, "Recommender:RatingMin must be below Recommender:RatingMax")
            .Validate(o => o.BusyTimeoutSeconds is >= 0 and <= 3600, "Recommender:BusyTimeoutSeconds must be between 0 and 3600")
            .Validate(o => o.TrainingMemoryLimitMB >= 0, "Recommender:TrainingMemoryLimitMB must not be negative")
            .ValidateOnStart();
        // Pooled: constructing a context per call costs more than a typical query here.
        builder.Services.AddDbContextPool<RecommenderDbContext>((services, o) =>
        {
            var recommender = services.GetRequiredService<IOptions<RecommenderOptions>>().Value;
            o.UseRecommenderSqlite(recommender.DatabaseFullPath, recommender.Durability);
        });
        builder.Services.AddScoped<CatalogStore>();
        builder.Services.AddScoped<RatingStore>();
        builder.Services.AddScoped<ModelStore>();
        builder.Services.AddScoped<TrainingDataLoader>();
        builder.Services.AddSingleton<ServerReadiness>();

        // Hosted services start in this order: schema first, then the active model.
        builder.Services.AddHostedService<DatabaseMigrator>();
        builder.Services.AddHostedService<ActiveModelLoader>();
        return builder;
    }
}
