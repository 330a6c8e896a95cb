using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Recommender.Data.Entities;

namespace Recommender.Data.Configurations;

internal sealed class ModelFactorConfiguration : IEntityTypeConfiguration<ModelFactorEntity>
{
    public void Configure(EntityTypeBuilder<ModelFactorEntity> builder)
    {
        builder.ToTable("ModelFactors");
        builder.HasKey(f => new { f.ModelId, f.Kind, f.EntityId });
        builder.Property(f => f.Kind).HasConversion<int>();
        builder.Property(f => f.Vector).IsRequired();
        builder.HasOne<ModelEntity>().WithMany().HasForeignKey(f => f.ModelId).OnDelete(DeleteBehavior.Cascade);
    }
}
