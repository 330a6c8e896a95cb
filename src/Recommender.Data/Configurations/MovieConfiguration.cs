using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Recommender.Data.Entities;

namespace Recommender.Data.Configurations;

internal sealed class MovieConfiguration : IEntityTypeConfiguration<MovieEntity>
{
    public void Configure(EntityTypeBuilder<MovieEntity> builder)
    {
        builder.ToTable("Movies");
        builder.HasKey(m => m.Id);
        builder.Property(m => m.ExternalId).HasMaxLength(DataLimits.MaxIdLength).IsRequired();
        builder.HasIndex(m => m.ExternalId).IsUnique();
        builder.Property(m => m.Title).HasMaxLength(DataLimits.MaxTitleLength).IsRequired();
        builder.Property(m => m.Genres).IsRequired();
    }
}
