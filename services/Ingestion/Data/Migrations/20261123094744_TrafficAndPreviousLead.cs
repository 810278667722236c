using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Smarketing.Ingestion.Data.Migrations
{
    /// <inheritdoc />
    public partial class TrafficAndPreviousLead : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_leads_Email",
                table: "leads");

            migrationBuilder.DropIndex(
                name: "IX_leads_Phone",
                table: "leads");

            migrationBuilder.AddColumn<Guid>(
                name: "PreviousLeadId",
                table: "leads",
                type: "uuid",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "traffic_days",
                columns: table => new
                {
                    Campaign = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Source = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Date = table.Column<DateOnly>(type: "date", nullable: false),
                    Visits = table.Column<int>(type: "integer", nullable: false),
                    Clicks = table.Column<int>(type: "integer", nullable: false),
                    Spend = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: false),
                    Currency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    FirstRecordedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    RecordedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Revisions = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_traffic_days", x => new { x.Campaign, x.Source, x.Date });
                });

            migrationBuilder.CreateIndex(
                name: "IX_leads_Email",
                table: "leads",
                column: "Email");

            migrationBuilder.CreateIndex(
                name: "IX_leads_Phone",
                table: "leads",
                column: "Phone");

            migrationBuilder.CreateIndex(
                name: "IX_leads_PreviousLeadId",
                table: "leads",
                column: "PreviousLeadId");

            migrationBuilder.AddForeignKey(
                name: "FK_leads_leads_PreviousLeadId",
                table: "leads",
                column: "PreviousLeadId",
                principalTable: "leads",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_leads_leads_PreviousLeadId",
                table: "leads");

            migrationBuilder.DropTable(
                name: "traffic_days");

            migrationBuilder.DropIndex(
                name: "IX_leads_Email",
                table: "leads");

            migrationBuilder.DropIndex(
                name: "IX_leads_Phone",
                table: "leads");

            migrationBuilder.DropIndex(
                name: "IX_leads_PreviousLeadId",
                table: "leads");

            migrationBuilder.DropColumn(
                name: "PreviousLeadId",
                table: "leads");

            migrationBuilder.CreateIndex(
                name: "IX_leads_Email",
                table: "leads",
                column: "Email",
                filter: "\"IsOpen\"");

            migrationBuilder.CreateIndex(
                name: "IX_leads_Phone",
                table: "leads",
                column: "Phone",
                filter: "\"IsOpen\"");
        }
    }
}
