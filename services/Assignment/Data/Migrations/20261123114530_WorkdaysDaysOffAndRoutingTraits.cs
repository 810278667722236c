using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Smarketing.Assignment.Data.Migrations
{
    /// <inheritdoc />
    public partial class WorkdaysDaysOffAndRoutingTraits : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<List<DateOnly>>(
                name: "DaysOff",
                table: "sales_reps",
                type: "date[]",
                nullable: false,
                defaultValueSql: "'{}'");

            migrationBuilder.AddColumn<List<string>>(
                name: "Workdays",
                table: "sales_reps",
                type: "text[]",
                nullable: false,
                defaultValueSql: "ARRAY['monday','tuesday','wednesday','thursday','friday']");

            migrationBuilder.AddColumn<string>(
                name: "Language",
                table: "queued_leads",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Campaign",
                table: "lead_assignments",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "City",
                table: "lead_assignments",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Language",
                table: "lead_assignments",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Product",
                table: "lead_assignments",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Source",
                table: "lead_assignments",
                type: "text",
                nullable: false,
                defaultValue: "");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "DaysOff",
                table: "sales_reps");

            migrationBuilder.DropColumn(
                name: "Workdays",
                table: "sales_reps");

            migrationBuilder.DropColumn(
                name: "Language",
                table: "queued_leads");

            migrationBuilder.DropColumn(
                name: "Campaign",
                table: "lead_assignments");

            migrationBuilder.DropColumn(
                name: "City",
                table: "lead_assignments");

            migrationBuilder.DropColumn(
                name: "Language",
                table: "lead_assignments");

            migrationBuilder.DropColumn(
                name: "Product",
                table: "lead_assignments");

            migrationBuilder.DropColumn(
                name: "Source",
                table: "lead_assignments");
        }
    }
}
