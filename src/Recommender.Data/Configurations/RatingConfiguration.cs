using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Recommender.Data.Entities;

namespace Recommender.Data.Configurations;

internal sealed class RatingConfiguration : IEntityTypeConfiguration<RatingEntity>
{
    public void Configure(EntityTypeBuilder<RatingEntity> builder)
    {
        builder.ToTable("Ratings");
        builder.HasKey(r => new { r.UserId, r.MovieId });
        builder.HasOne<UserEntity>().WithMany().HasForeignKey(r => r.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<MovieEntity>().WithMany().HasForeignKey(r => r.MovieId).OnDelete(DeleteBehavior.Cascade);
    }
}
