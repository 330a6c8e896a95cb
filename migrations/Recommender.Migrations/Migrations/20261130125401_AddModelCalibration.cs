using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Recommender.Migrations.Migrations
{
    /// <inheritdoc />
    public partial class AddModelCalibration : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<float>(
                name: "CalibrationOffset",
                table: "Models",
                type: "REAL",
                nullable: false,
                defaultValue: 0f);

            migrationBuilder.AddColumn<float>(
                name: "CalibrationScale",
                table: "Models",
                type: "REAL",
                nullable: false,
                defaultValue: 0f);

            // Models stored before calibration existed are rating models: the identity map.
            migrationBuilder.Sql("UPDATE Models SET CalibrationScale = 1");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "CalibrationOffset",
                table: "Models");

            migrationBuilder.DropColumn(
                name: "CalibrationScale",
                table: "Models");
        }
    }
}
