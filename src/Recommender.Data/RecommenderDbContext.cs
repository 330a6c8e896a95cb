using Microsoft.EntityFrameworkCore;
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

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(RecommenderDbContext).Assembly);
}
