using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Smarketing.Reporting.Data.Migrations
{
    /// <inheritdoc />
    public partial class ReportAggregates : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "FirstAssignedAt",
                table: "lead_views",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "LastTouchAt",
                table: "lead_views",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "PendingSteps",
                table: "lead_views",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<bool>(
                name: "Breached",
                table: "followup_views",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<bool>(
                name: "FirstTouch",
                table: "followup_views",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<Guid>(
                name: "RepId",
                table: "followup_views",
                type: "uuid",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "event_log",
                columns: table => new
                {
                    Seq = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    MessageId = table.Column<Guid>(type: "uuid", nullable: false),
                    Type = table.Column<string>(type: "text", nullable: false),
                    LeadId = table.Column<Guid>(type: "uuid", nullable: true),
                    SentAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Body = table.Column<string>(type: "jsonb", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_event_log", x => x.Seq);
                });

            migrationBuilder.CreateTable(
                name: "funnel_cells",
                columns: table => new
                {
                    Grain = table.Column<short>(type: "smallint", nullable: false),
                    Period = table.Column<DateOnly>(type: "date", nullable: false),
                    Campaign = table.Column<string>(type: "text", nullable: false),
                    Source = table.Column<string>(type: "text", nullable: false),
                    RepId = table.Column<Guid>(type: "uuid", nullable: false),
                    Leads = table.Column<int>(type: "integer", nullable: false),
                    Qualified = table.Column<int>(type: "integer", nullable: false),
                    Assigned = table.Column<int>(type: "integer", nullable: false),
                    Contacted = table.Column<int>(type: "integer", nullable: false),
                    Won = table.Column<int>(type: "integer", nullable: false),
                    Lost = table.Column<int>(type: "integer", nullable: false),
                    Revenue = table.Column<decimal>(type: "numeric(20,2)", precision: 20, scale: 2, nullable: false),
                    Touches = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_funnel_cells", x => new { x.Grain, x.Period, x.Campaign, x.Source, x.RepId });
                });

            migrationBuilder.CreateTable(
                name: "lead_touch_views",
                columns: table => new
                {
                    LeadId = table.Column<Guid>(type: "uuid", nullable: false),
                    Source = table.Column<string>(type: "text", nullable: false),
                    EventId = table.Column<string>(type: "text", nullable: false),
                    Campaign = table.Column<string>(type: "text", nullable: true),
                    At = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_lead_touch_views", x => new { x.LeadId, x.Source, x.EventId });
                });

            migrationBuilder.CreateTable(
                name: "rep_views",
                columns: table => new
                {
                    RepId = table.Column<Guid>(type: "uuid", nullable: false),
                    Name = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_rep_views", x => x.RepId);
                });

            migrationBuilder.CreateTable(
                name: "speed_cells",
                columns: table => new
                {
                    Grain = table.Column<short>(type: "smallint", nullable: false),
                    Period = table.Column<DateOnly>(type: "date", nullable: false),
                    Dim = table.Column<short>(type: "smallint", nullable: false),
                    Campaign = table.Column<string>(type: "text", nullable: false),
                    Source = table.Column<string>(type: "text", nullable: false),
                    RepId = table.Column<Guid>(type: "uuid", nullable: false),
                    Kind = table.Column<short>(type: "smallint", nullable: false),
                    Bucket = table.Column<int>(type: "integer", nullable: false),
                    Count = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_speed_cells", x => new { x.Grain, x.Dim, x.Kind, x.Period, x.Campaign, x.Source, x.RepId, x.Bucket });
                });

            migrationBuilder.CreateIndex(
                name: "ix_lead_views_black_hole",
                table: "lead_views",
                column: "ReceivedAt",
                filter: "\"OutcomeResult\" IS NULL AND \"SalesTouches\" < 5 AND \"Status\" IN ('new', 'assigned', 'contacted')")
                .Annotation("Npgsql:IndexInclude", new[] { "Campaign", "OwnerRepId", "Status", "PendingSteps", "LastTouchAt" });

            migrationBuilder.CreateIndex(
                name: "IX_followup_views_RepId",
                table: "followup_views",
                column: "RepId",
                filter: "\"FirstTouch\"");

            migrationBuilder.CreateIndex(
                name: "IX_event_log_MessageId",
                table: "event_log",
                column: "MessageId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_lead_touch_views_Campaign",
                table: "lead_touch_views",
                column: "Campaign");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "event_log");

            migrationBuilder.DropTable(
                name: "funnel_cells");

            migrationBuilder.DropTable(
                name: "lead_touch_views");

            migrationBuilder.DropTable(
                name: "rep_views");

            migrationBuilder.DropTable(
                name: "speed_cells");

            migrationBuilder.DropIndex(
                name: "ix_lead_views_black_hole",
                table: "lead_views");

            migrationBuilder.DropIndex(
                name: "IX_followup_views_RepId",
                table: "followup_views");

            migrationBuilder.DropColumn(
                name: "FirstAssignedAt",
                table: "lead_views");

            migrationBuilder.DropColumn(
                name: "LastTouchAt",
                table: "lead_views");

            migrationBuilder.DropColumn(
                name: "PendingSteps",
                table: "lead_views");

            migrationBuilder.DropColumn(
                name: "Breached",
                table: "followup_views");

            migrationBuilder.DropColumn(
                name: "FirstTouch",
                table: "followup_views");

            migrationBuilder.DropColumn(
                name: "RepId",
                table: "followup_views");
        }
    }
}
