using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Recommender.Data.Entities;

namespace Recommender.Data.Configurations;

internal sealed class TrainingRunConfiguration : IEntityTypeConfiguration<TrainingRunEntity>
{
    public void Configure(EntityTypeBuilder<TrainingRunEntity> builder)
    {
        builder.ToTable("TrainingRuns");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.State).HasMaxLength(16);
    }
}
