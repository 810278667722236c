using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Smarketing.Reporting.Data.Migrations
{
    /// <inheritdoc />
    public partial class LeadRecycledAt : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "RecycledAt",
                table: "lead_views",
                type: "timestamp with time zone",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "RecycledAt",
                table: "lead_views");
        }
    }
}
