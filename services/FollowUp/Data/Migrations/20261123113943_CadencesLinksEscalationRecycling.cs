using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Smarketing.FollowUp.Data.Migrations
{
    /// <inheritdoc />
    public partial class CadencesLinksEscalationRecycling : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_followup_tasks_LeadId_Step",
                table: "followup_tasks");

            migrationBuilder.AddColumn<int>(
                name: "Cycle",
                table: "lead_cadences",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<double>(
                name: "FirstTouchDeadlineMinutes",
                table: "lead_cadences",
                type: "double precision",
                nullable: false,
                defaultValue: 0.0);

            migrationBuilder.AddColumn<DateTime>(
                name: "PausedUntil",
                table: "lead_cadences",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "RecycleAt",
                table: "lead_cadences",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "RecycledAt",
                table: "lead_cadences",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RepName",
                table: "lead_cadences",
                type: "character varying(200)",
                maxLength: 200,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "TimeZone",
                table: "lead_cadences",
                type: "character varying(64)",
                maxLength: 64,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<int>(
                name: "Cycle",
                table: "followup_tasks",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<DateTime>(
                name: "EscalateAt",
                table: "followup_tasks",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "EscalatedAt",
                table: "followup_tasks",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Message",
                table: "followup_tasks",
                type: "character varying(2000)",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Subject",
                table: "followup_tasks",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Proof",
                table: "activities",
                type: "character varying(8)",
                maxLength: 8,
                nullable: false,
                defaultValue: "");

            migrationBuilder.CreateTable(
                name: "holidays",
                columns: table => new
                {
                    Date = table.Column<DateOnly>(type: "date", nullable: false),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_holidays", x => x.Date);
                });

            migrationBuilder.CreateTable(
                name: "lead_contacts",
                columns: table => new
                {
                    LeadId = table.Column<Guid>(type: "uuid", nullable: false),
                    Name = table.Column<string>(type: "text", nullable: true),
                    Email = table.Column<string>(type: "text", nullable: true),
                    Phone = table.Column<string>(type: "text", nullable: true),
                    Company = table.Column<string>(type: "text", nullable: true),
                    City = table.Column<string>(type: "text", nullable: true),
                    Product = table.Column<string>(type: "text", nullable: true),
                    Campaign = table.Column<string>(type: "text", nullable: true),
                    Source = table.Column<string>(type: "text", nullable: true),
                    ReceivedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    Score = table.Column<int>(type: "integer", nullable: true),
                    Grade = table.Column<string>(type: "character varying(1)", maxLength: 1, nullable: true),
                    Reasons = table.Column<string>(type: "jsonb", nullable: true),
                    ScoredAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_lead_contacts", x => x.LeadId);
                });

            migrationBuilder.CreateTable(
                name: "settings",
                columns: table => new
                {
                    Name = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Document = table.Column<string>(type: "jsonb", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedBy = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_settings", x => x.Name);
                });

            migrationBuilder.CreateIndex(
                name: "ix_cadences_recycle",
                table: "lead_cadences",
                column: "RecycleAt",
                filter: "\"RecycledAt\" IS NULL AND \"RecycleAt\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_followup_tasks_LeadId_Cycle_Step",
                table: "followup_tasks",
                columns: new[] { "LeadId", "Cycle", "Step" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_tasks_escalate",
                table: "followup_tasks",
                column: "EscalateAt",
                filter: "\"Status\" = 'overdue' AND \"EscalatedAt\" IS NULL AND \"EscalateAt\" IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "holidays");

            migrationBuilder.DropTable(
                name: "lead_contacts");

            migrationBuilder.DropTable(
                name: "settings");

            migrationBuilder.DropIndex(
                name: "ix_cadences_recycle",
                table: "lead_cadences");

            migrationBuilder.DropIndex(
                name: "IX_followup_tasks_LeadId_Cycle_Step",
                table: "followup_tasks");

            migrationBuilder.DropIndex(
                name: "ix_tasks_escalate",
                table: "followup_tasks");

            migrationBuilder.DropColumn(
                name: "Cycle",
                table: "lead_cadences");

            migrationBuilder.DropColumn(
                name: "FirstTouchDeadlineMinutes",
                table: "lead_cadences");

            migrationBuilder.DropColumn(
                name: "PausedUntil",
                table: "lead_cadences");

            migrationBuilder.DropColumn(
                name: "RecycleAt",
                table: "lead_cadences");

            migrationBuilder.DropColumn(
                name: "RecycledAt",
                table: "lead_cadences");

            migrationBuilder.DropColumn(
                name: "RepName",
                table: "lead_cadences");

            migrationBuilder.DropColumn(
                name: "TimeZone",
                table: "lead_cadences");

            migrationBuilder.DropColumn(
                name: "Cycle",
                table: "followup_tasks");

            migrationBuilder.DropColumn(
                name: "EscalateAt",
                table: "followup_tasks");

            migrationBuilder.DropColumn(
                name: "EscalatedAt",
                table: "followup_tasks");

            migrationBuilder.DropColumn(
                name: "Message",
                table: "followup_tasks");

            migrationBuilder.DropColumn(
                name: "Subject",
                table: "followup_tasks");

            migrationBuilder.DropColumn(
                name: "Proof",
                table: "activities");

            migrationBuilder.CreateIndex(
                name: "IX_followup_tasks_LeadId_Step",
                table: "followup_tasks",
                columns: new[] { "LeadId", "Step" },
                unique: true);
        }
    }
}
