using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Smarketing.Assignment.Data.Migrations
{
    /// <inheritdoc />
    public partial class RoutingRulesAndAway : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "Away",
                table: "sales_reps",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "Campaign",
                table: "queued_leads",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "City",
                table: "queued_leads",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Product",
                table: "queued_leads",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Source",
                table: "queued_leads",
                type: "text",
                nullable: false,
                defaultValue: "");

            migrationBuilder.CreateTable(
                name: "routing_rules",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false),
                    Document = table.Column<string>(type: "jsonb", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedBy = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_routing_rules", x => x.Id);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "routing_rules");

            migrationBuilder.DropColumn(
                name: "Away",
                table: "sales_reps");

            migrationBuilder.DropColumn(
                name: "Campaign",
                table: "queued_leads");

            migrationBuilder.DropColumn(
                name: "City",
                table: "queued_leads");

            migrationBuilder.DropColumn(
                name: "Product",
                table: "queued_leads");

            migrationBuilder.DropColumn(
                name: "Source",
                table: "queued_leads");
        }
    }
}
