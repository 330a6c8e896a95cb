using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Recommender.Data.Entities;

namespace Recommender.Data.Configurations;

internal sealed class ModelConfiguration : IEntityTypeConfiguration<ModelEntity>
{
    public void Configure(EntityTypeBuilder<ModelEntity> builder)
    {
        builder.ToTable("Models");
        builder.HasKey(m => m.Id);
        builder.Property(m => m.Id).ValueGeneratedNever();
        builder.Property(m => m.Optimizer).HasMaxLength(32);
        builder.Property(m => m.Objective).HasMaxLength(32);
        // At most one active model: a partial unique index makes a second one a constraint error.
        builder.HasIndex(m => m.IsActive).IsUnique().HasFilter("\"IsActive\" = 1");
    }
}
