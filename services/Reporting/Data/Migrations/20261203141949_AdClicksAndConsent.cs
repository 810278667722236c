using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Smarketing.Reporting.Data.Migrations
{
    /// <inheritdoc />
    public partial class AdClicksAndConsent : Migration
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
                name: "Consent",
                table: "lead_views",
                type: "jsonb",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "ConsentAt",
                table: "lead_views",
                type: "timestamp with time zone",
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
                name: "Consent",
                table: "lead_views");

            migrationBuilder.DropColumn(
                name: "ConsentAt",
                table: "lead_views");

            migrationBuilder.DropColumn(
                name: "AdClick",
                table: "lead_touch_views");
        }
    }
}
