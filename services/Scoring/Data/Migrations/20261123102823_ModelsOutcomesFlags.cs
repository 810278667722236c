using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Smarketing.Scoring.Data.Migrations
{
    /// <inheritdoc />
    public partial class ModelsOutcomesFlags : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Campaign",
                table: "lead_scores",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            // Leads scored before this column existed: their campaign is in the stored profile.
            migrationBuilder.Sql("UPDATE lead_scores SET \"Campaign\" = \"Profile\"->>'campaign' WHERE \"Campaign\" IS NULL;");

            migrationBuilder.AddColumn<uint>(
                name: "xmin",
                table: "lead_scores",
                type: "xid",
                rowVersion: true,
                nullable: false,
                defaultValue: 0u);

            migrationBuilder.CreateTable(
                name: "lead_flags",
                columns: table => new
                {
                    LeadId = table.Column<Guid>(type: "uuid", nullable: false),
                    Reason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    FlaggedBy = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    FlaggedByName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    RepId = table.Column<Guid>(type: "uuid", nullable: true),
                    ModelVersion = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    FiredRules = table.Column<string>(type: "jsonb", nullable: false),
                    Campaign = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Score = table.Column<int>(type: "integer", nullable: false),
                    Grade = table.Column<string>(type: "character varying(1)", maxLength: 1, nullable: false),
                    FlaggedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_lead_flags", x => x.LeadId);
                });

            migrationBuilder.CreateTable(
                name: "lead_outcomes",
                columns: table => new
                {
                    LeadId = table.Column<Guid>(type: "uuid", nullable: false),
                    Result = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Value = table.Column<decimal>(type: "numeric", nullable: true),
                    ClosedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_lead_outcomes", x => x.LeadId);
                });

            migrationBuilder.CreateTable(
                name: "lead_owners",
                columns: table => new
                {
                    LeadId = table.Column<Guid>(type: "uuid", nullable: false),
                    RepId = table.Column<Guid>(type: "uuid", nullable: false),
                    AssignedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_lead_owners", x => x.LeadId);
                });

            migrationBuilder.CreateTable(
                name: "rescore_jobs",
                columns: table => new
                {
                    Version = table.Column<int>(type: "integer", nullable: false),
                    Status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Total = table.Column<int>(type: "integer", nullable: false),
                    Done = table.Column<int>(type: "integer", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    StartedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    HeartbeatAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    FinishedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    Worker = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_rescore_jobs", x => x.Version);
                });

            migrationBuilder.CreateTable(
                name: "scoring_models",
                columns: table => new
                {
                    Version = table.Column<int>(type: "integer", nullable: false),
                    Document = table.Column<string>(type: "jsonb", nullable: false),
                    Status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    CreatedBy = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    CreatedByName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    MarketingApprovedBy = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    MarketingApprovedByName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    MarketingApprovedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    SalesApprovedBy = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    SalesApprovedByName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    SalesApprovedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    ActivatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    RetiredAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_scoring_models", x => x.Version);
                });

            migrationBuilder.CreateIndex(
                name: "IX_lead_scores_ModelVersion",
                table: "lead_scores",
                column: "ModelVersion");

            migrationBuilder.CreateIndex(
                name: "ux_scoring_models_one_active",
                table: "scoring_models",
                column: "Status",
                unique: true,
                filter: "\"Status\" = 'active'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "lead_flags");

            migrationBuilder.DropTable(
                name: "lead_outcomes");

            migrationBuilder.DropTable(
                name: "lead_owners");

            migrationBuilder.DropTable(
                name: "rescore_jobs");

            migrationBuilder.DropTable(
                name: "scoring_models");

            migrationBuilder.DropIndex(
                name: "IX_lead_scores_ModelVersion",
                table: "lead_scores");

            migrationBuilder.DropColumn(
                name: "Campaign",
                table: "lead_scores");

            migrationBuilder.DropColumn(
                name: "xmin",
                table: "lead_scores");
        }
    }
}
