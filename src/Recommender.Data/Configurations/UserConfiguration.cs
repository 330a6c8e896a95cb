using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Recommender.Data.Entities;

namespace Recommender.Data.Configurations;

internal sealed class UserConfiguration : IEntityTypeConfiguration<UserEntity>
{
    public void Configure(EntityTypeBuilder<UserEntity> builder)
    {
        builder.ToTable("Users");
        builder.HasKey(u => u.Id);
        builder.Property(u => u.ExternalId).HasMaxLength(DataLimits.MaxIdLength).IsRequired();
        builder.HasIndex(u => u.ExternalId).IsUnique();
    }
}
