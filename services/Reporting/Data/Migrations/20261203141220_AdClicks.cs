using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Smarketing.Reporting.Data.Migrations
{
    /// <inheritdoc />
    public partial class AdClicks : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "AdClick",
                table: "lead_views",
                type: "jsonb",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "AdClick",
                table: "lead_touch_views",
                type: "jsonb",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "AdClick",
                table: "lead_views");

            migrationBuilder.DropColumn(
                name: "AdClick",
                table: "lead_touch_views");
        }
    }
}
