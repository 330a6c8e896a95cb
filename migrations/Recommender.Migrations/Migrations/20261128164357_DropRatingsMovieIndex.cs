using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Recommender.Migrations.Migrations
{
    /// <inheritdoc />
    public partial class DropRatingsMovieIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Ratings_MovieId",
                table: "Ratings");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_Ratings_MovieId",
                table: "Ratings",
                column: "MovieId");
        }
    }
}
