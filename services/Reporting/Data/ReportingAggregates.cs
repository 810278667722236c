using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;
using Smarketing.Reporting.Domain;

namespace Smarketing.Reporting.Data;

/// <summary>
/// Writes the funnel and speed aggregates: as deltas in the transaction of each lead change, or recomputed whole from
/// the lead table (for a rebuild, and for seeding a benchmark). Both follow LeadContribution, so they agree.
/// </summary>
public static class ReportingAggregates
{
    /// <summary>The business's zone: days and months of the aggregates are calendar days in Asia/Jakarta.</summary>
    public const string ZoneId = "Asia/Jakarta";

    public static async Task ApplyAsync(ReportingDbContext db, IReadOnlyList<FunnelCellDelta> funnel,
        IReadOnlyList<(SpeedCellKey Key, int Count)> speed, CancellationToken ct)
    {
        if (funnel.Count == 0 && speed.Count == 0) return;
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        var transaction = (NpgsqlTransaction?)db.Database.CurrentTransaction?.GetDbTransaction();
        await using var batch = new NpgsqlBatch(connection, transaction);
        if (funnel.Count > 0)
        {
            var command = new NpgsqlBatchCommand("""
                INSERT INTO funnel_cells AS f ("Grain", "Period", "Campaign", "Source", "RepId", "Leads", "Qualified", "Assigned",
                    "Contacted", "Won", "Lost", "Revenue", "Touches")
                SELECT * FROM unnest($1::smallint[], $2::date[], $3::text[], $4::text[], $5::uuid[], $6::int[], $7::int[], $8::int[],
                    $9::int[], $10::int[], $11::int[], $12::numeric[], $13::bigint[])
                ON CONFLICT ("Grain", "Period", "Campaign", "Source", "RepId") DO UPDATE SET
                    "Leads" = f."Leads" + excluded."Leads", "Qualified" = f."Qualified" + excluded."Qualified",
                    "Assigned" = f."Assigned" + excluded."Assigned", "Contacted" = f."Contacted" + excluded."Contacted",
                    "Won" = f."Won" + excluded."Won", "Lost" = f."Lost" + excluded."Lost",
                    "Revenue" = f."Revenue" + excluded."Revenue", "Touches" = f."Touches" + excluded."Touches"
                """);
            command.Parameters.Add(new NpgsqlParameter { Value = funnel.Select(d => (short)d.Key.Grain).ToArray() });
            command.Parameters.Add(new NpgsqlParameter { Value = funnel.Select(d => d.Key.Period).ToArray() });
            command.Parameters.Add(new NpgsqlParameter { Value = funnel.Select(d => d.Key.Campaign).ToArray() });
            command.Parameters.Add(new NpgsqlParameter { Value = funnel.Select(d => d.Key.Source).ToArray() });
            command.Parameters.Add(new NpgsqlParameter { Value = funnel.Select(d => d.Key.RepId).ToArray() });
            command.Parameters.Add(new NpgsqlParameter { Value = funnel.Select(d => d.Leads).ToArray() });
            command.Parameters.Add(new NpgsqlParameter { Value = funnel.Select(d => d.Qualified).ToArray() });
            command.Parameters.Add(new NpgsqlParameter { Value = funnel.Select(d => d.Assigned).ToArray() });
            command.Parameters.Add(new NpgsqlParameter { Value = funnel.Select(d => d.Contacted).ToArray() });
            command.Parameters.Add(new NpgsqlParameter { Value = funnel.Select(d => d.Won).ToArray() });
            command.Parameters.Add(new NpgsqlParameter { Value = funnel.Select(d => d.Lost).ToArray() });
            command.Parameters.Add(new NpgsqlParameter { Value = funnel.Select(d => d.Revenue).ToArray() });
            command.Parameters.Add(new NpgsqlParameter { Value = funnel.Select(d => d.Touches).ToArray() });
            batch.BatchCommands.Add(command);
        }
        if (speed.Count > 0)
        {
            var command = new NpgsqlBatchCommand("""
                INSERT INTO speed_cells AS s ("Grain", "Dim", "Kind", "Period", "Campaign", "Source", "RepId", "Bucket", "Count")
                SELECT * FROM unnest($1::smallint[], $2::smallint[], $3::smallint[], $4::date[], $5::text[], $6::text[], $7::uuid[],
                    $8::int[], $9::int[])
                ON CONFLICT ("Grain", "Dim", "Kind", "Period", "Campaign", "Source", "RepId", "Bucket")
                DO UPDATE SET "Count" = s."Count" + excluded."Count"
                """);
            command.Parameters.Add(new NpgsqlParameter { Value = speed.Select(s => (short)s.Key.Grain).ToArray() });
            command.Parameters.Add(new NpgsqlParameter { Value = speed.Select(s => (short)s.Key.Dim).ToArray() });
            command.Parameters.Add(new NpgsqlParameter { Value = speed.Select(s => (short)s.Key.Kind).ToArray() });
            command.Parameters.Add(new NpgsqlParameter { Value = speed.Select(s => s.Key.Period).ToArray() });
            command.Parameters.Add(new NpgsqlParameter { Value = speed.Select(s => s.Key.Campaign).ToArray() });
            command.Parameters.Add(new NpgsqlParameter { Value = speed.Select(s => s.Key.Source).ToArray() });
            command.Parameters.Add(new NpgsqlParameter { Value = speed.Select(s => s.Key.RepId).ToArray() });
            command.Parameters.Add(new NpgsqlParameter { Value = speed.Select(s => s.Key.Bucket).ToArray() });
            command.Parameters.Add(new NpgsqlParameter { Value = speed.Select(s => s.Count).ToArray() });
            batch.BatchCommands.Add(command);
        }
        await batch.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Replaces both aggregate tables with sums over lead_views, in the caller's transaction if there is one.</summary>
    public static async Task RecomputeAsync(ReportingDbContext db, CancellationToken ct)
    {
        const string day = $"((l.\"ReceivedAt\" AT TIME ZONE '{ZoneId}')::date)";
        const string month = $"(date_trunc('month', l.\"ReceivedAt\" AT TIME ZONE '{ZoneId}')::date)";
        const string year = $"(date_trunc('year', l.\"ReceivedAt\" AT TIME ZONE '{ZoneId}')::date)";
        var assignSeconds = "GREATEST(0, floor(extract(epoch FROM l.\"FirstAssignedAt\" - l.\"ReceivedAt\")))::int";
        var touchSeconds = "GREATEST(0, floor(extract(epoch FROM l.\"FirstTouchAt\" - l.\"ReceivedAt\")))::int";
        var funnel = (short grain, string period) => $"""
            INSERT INTO funnel_cells ("Grain", "Period", "Campaign", "Source", "RepId", "Leads", "Qualified", "Assigned",
                "Contacted", "Won", "Lost", "Revenue", "Touches")
            SELECT {grain}, {period}, coalesce(l."Campaign", ''), coalesce(l."Source", ''),
                coalesce(l."OwnerRepId", '00000000-0000-0000-0000-000000000000'::uuid),
                count(*), count(*) FILTER (WHERE l."Qualification" IN ('mql', 'sql')), count(l."OwnerRepId"), count(l."FirstTouchAt"),
                count(*) FILTER (WHERE l."OutcomeResult" = 'won'), count(*) FILTER (WHERE l."OutcomeResult" = 'lost'),
                coalesce(sum(coalesce(l."OutcomeValue", 0)) FILTER (WHERE l."OutcomeResult" = 'won'), 0), sum(l."SalesTouches")
            FROM lead_views l WHERE l."ReceivedAt" IS NOT NULL
            GROUP BY 2, 3, 4, 5
            """;
        var speed = (short grain, string period, short kind, string seconds, string at) => $"""
            INSERT INTO speed_cells ("Grain", "Dim", "Kind", "Period", "Campaign", "Source", "RepId", "Bucket", "Count")
            SELECT {grain}, d.dim, {kind}, b.period, d.campaign, d.source, d.rep, b.bucket, count(*)
            FROM (SELECT {period} AS period, coalesce(l."Campaign", '') AS campaign, coalesce(l."Source", '') AS source,
                         coalesce(l."OwnerRepId", '00000000-0000-0000-0000-000000000000'::uuid) AS rep,
                         {SpeedBuckets.Sql(seconds)} AS bucket
                  FROM lead_views l WHERE l."ReceivedAt" IS NOT NULL AND l."{at}" IS NOT NULL) b
            CROSS JOIN LATERAL (VALUES (1::smallint, b.campaign, b.source, '00000000-0000-0000-0000-000000000000'::uuid),
                                       (2::smallint, b.campaign, '', b.rep),
                                       (3::smallint, '', '', b.rep)) AS d(dim, campaign, source, rep)
            GROUP BY d.dim, b.period, d.campaign, d.source, d.rep, b.bucket
            """;
        string[] statements =
        [
            "DELETE FROM funnel_cells",
            "DELETE FROM speed_cells",
            funnel((short)Grain.Day, day),
            funnel((short)Grain.Month, month),
            funnel((short)Grain.Year, year),
            speed((short)Grain.Day, day, (short)SpeedKind.Assign, assignSeconds, "FirstAssignedAt"),
            speed((short)Grain.Month, month, (short)SpeedKind.Assign, assignSeconds, "FirstAssignedAt"),
            speed((short)Grain.Year, year, (short)SpeedKind.Assign, assignSeconds, "FirstAssignedAt"),
            speed((short)Grain.Day, day, (short)SpeedKind.Touch, touchSeconds, "FirstTouchAt"),
            speed((short)Grain.Month, month, (short)SpeedKind.Touch, touchSeconds, "FirstTouchAt"),
            speed((short)Grain.Year, year, (short)SpeedKind.Touch, touchSeconds, "FirstTouchAt"),
        ];
        foreach (var sql in statements) await db.Database.ExecuteSqlRawAsync(sql, ct);
    }
}
