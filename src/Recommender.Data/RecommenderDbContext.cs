using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Conventions;
using Recommender.Data.Entities;

namespace Recommender.Data;

/// <summary>The recommender's SQLite store: catalogue, ratings and model snapshots.</summary>
/// <remarks>
/// Migrations live in the Recommender.Migrations assembly. To add one:
/// <c>dotnet ef migrations add &lt;Name&gt; --project migrations/Recommender.Migrations</c>.
/// </remarks>
public sealed class RecommenderDbContext(DbContextOptions<RecommenderDbContext> options) : DbContext(options)
{
    public DbSet<UserEntity> Users => Set<UserEntity>();

    public DbSet<MovieEntity> Movies => Set<MovieEntity>();

    public DbSet<RatingEntity> Ratings => Set<RatingEntity>();

    public DbSet<ModelEntity> Models => Set<ModelEntity>();

    public DbSet<ModelFactorEntity> ModelFactors => Set<ModelFactorEntity>();

    public DbSet<TrainingRunEntity> TrainingRuns => Set<TrainingRunEntity>();

    /// <remarks>
    /// No automatic index per foreign key. The only one the convention would add is Ratings(MovieId): no query on a
    /// hot path reads it (per-user reads use the (UserId, MovieId) key; popularity is a periodic GROUP BY), and every
    /// ingested rating would land at a random place in it, which halves bulk-ingest speed. Indexes are declared in the
    /// entity configurations where a query needs one.
    /// </remarks>
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
        configurationBuilder.Conventions.Remove<ForeignKeyIndexConvention>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(RecommenderDbContext).Assembly);
}
