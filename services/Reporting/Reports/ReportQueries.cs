using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Smarketing.Contracts;
using Smarketing.Reporting.Data;
using Smarketing.Reporting.Domain;

namespace Smarketing.Reporting.Reports;

/// <summary>
/// The report queries. Funnel and speed to lead read the day/month/year aggregates (three years are three rows per key);
/// compliance, scoring and attribution group the lead table in SQL; the black hole reads a narrow partial index.
/// The arithmetic is in the unit-tested calculators.
/// </summary>
public sealed class ReportQueries(ReportingDbContext db)
{
    public const string Unassigned = FunnelCalculator.Unassigned;
    public const string All = ComplianceCalculator.All;

    public async Task<FunnelReport> FunnelAsync(ReportFilter filter, FunnelGrouping groupBy, CancellationToken ct)
    {
        var names = groupBy == FunnelGrouping.Rep ? await RepNamesAsync(ct) : null;
        var key = KeyColumn(groupBy);
        var sums = await FunnelSumsAsync(filter, key, ct);
        var dim = groupBy == FunnelGrouping.Rep ? (filter.Campaigns.Count > 0 ? SpeedDim.CampaignRep : SpeedDim.Rep) : SpeedDim.CampaignSource;
        var speeds = await HistogramsAsync(filter, dim, key, SpeedKind.Touch, ct);

        var traffic = new Dictionary<string, (long Visits, long Clicks, decimal Spend)>(StringComparer.Ordinal);
        if (groupBy != FunnelGrouping.Rep)
        {
            var days = db.TrafficDays.AsNoTracking();
            if (filter.Period.From is { } from) days = days.Where(d => d.Date >= from);
            if (filter.Period.To is { } to) days = days.Where(d => d.Date <= to);
            if (filter.Campaigns.Count > 0) days = days.Where(d => filter.Campaigns.Contains(d.Campaign));
            var grouped = groupBy == FunnelGrouping.Campaign
                ? days.GroupBy(d => d.Campaign).Select(g => new { g.Key, Visits = g.Sum(d => (long)d.Visits), Clicks = g.Sum(d => (long)d.Clicks), Spend = g.Sum(d => d.Spend) })
                : days.GroupBy(d => d.Source).Select(g => new { g.Key, Visits = g.Sum(d => (long)d.Visits), Clicks = g.Sum(d => (long)d.Clicks), Spend = g.Sum(d => d.Spend) });
            foreach (var t in await grouped.ToListAsync(ct)) traffic[FunnelCalculator.OrNone(t.Key)] = (t.Visits, t.Clicks, t.Spend);
        }

        var rows = new List<FunnelRow>();
        foreach (var (raw, s) in sums)
        {
            var name = Name(groupBy, raw, names);
            var (visits, clicks, spend) = traffic.Remove(name, out var t) ? t : (0, 0, 0m);
            rows.Add(FunnelCalculator.FromSums(s with { Key = name }, visits, clicks, spend, speeds.GetValueOrDefault(raw) ?? Empty));
        }
        // Campaigns or sources that only had traffic still get a row.
        foreach (var (name, t) in traffic)
            rows.Add(FunnelCalculator.FromSums(new FunnelSums(name, 0, 0, 0, 0, 0, 0, 0m, 0), t.Visits, t.Clicks, t.Spend, Empty));
        return new FunnelReport(GroupName(groupBy), filter.Period.From, filter.Period.To, FunnelCalculator.Order(rows));
    }

    public async Task<SpeedToLeadReport> SpeedToLeadAsync(ReportFilter filter, FunnelGrouping groupBy, CancellationToken ct)
    {
        var names = groupBy == FunnelGrouping.Rep ? await RepNamesAsync(ct) : null;
        var key = KeyColumn(groupBy);
        var sums = await FunnelSumsAsync(filter, key, ct);
        var dim = groupBy == FunnelGrouping.Rep ? (filter.Campaigns.Count > 0 ? SpeedDim.CampaignRep : SpeedDim.Rep) : SpeedDim.CampaignSource;
        var assign = await HistogramsAsync(filter, dim, key, SpeedKind.Assign, ct);
        var touch = await HistogramsAsync(filter, dim, key, SpeedKind.Touch, ct);
        var rows = sums
            .Select(s => SpeedToLeadCalculator.Row(Name(groupBy, s.Key, names), s.Value.Leads, s.Value.Contacted,
                assign.GetValueOrDefault(s.Key) ?? Empty, touch.GetValueOrDefault(s.Key) ?? Empty))
            .OrderByDescending(r => r.Leads).ThenBy(r => r.Key, StringComparer.Ordinal).ToList();
        var total = SpeedToLeadCalculator.Row(All, sums.Values.Sum(s => s.Leads), sums.Values.Sum(s => s.Contacted),
            Merge(assign.Values), Merge(touch.Values));
        return new SpeedToLeadReport(GroupName(groupBy), filter.Period.From, filter.Period.To, rows, total);
    }

    public async Task<FollowUpReport> FollowUpAsync(ReportFilter filter, FunnelGrouping groupBy, CancellationToken ct)
    {
        var names = groupBy == FunnelGrouping.Rep ? await RepNamesAsync(ct) : null;
        var leadKey = groupBy == FunnelGrouping.Rep ? "coalesce(l.\"OwnerRepId\"::text, '')" : "coalesce(l.\"Campaign\", '')";
        var stepKey = groupBy == FunnelGrouping.Rep ? "coalesce(f.\"RepId\"::text, '')" : "coalesce(l.\"Campaign\", '')";
        await using var command = await CommandAsync(ct);
        var where = LeadWhere(command, filter);
        var groups = new List<ComplianceGroup>();
        command.CommandText = $"""
            SELECT {leadKey}, l."OutcomeResult" IS NOT NULL, LEAST(l."SalesTouches", 5), coalesce(l."OutcomeResult" = 'lost', false),
                   count(*), sum(l."SalesTouches")
            FROM lead_views l WHERE {where} GROUP BY 1, 2, 3, 4
            """;
        await using (var reader = await command.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct))
                groups.Add(new ComplianceGroup(NameOfText(groupBy, reader.GetString(0), names), reader.GetBoolean(1), reader.GetInt32(2),
                    reader.GetBoolean(3), reader.GetInt64(4), reader.GetInt64(5)));
        var breaches = new List<BreachGroup>();
        command.CommandText = $"""
            SELECT {stepKey}, count(*), count(*) FILTER (WHERE f."Breached")
            FROM followup_views f JOIN lead_views l ON l."LeadId" = f."LeadId"
            WHERE f."FirstTouch" AND {where} GROUP BY 1
            """;
        await using (var reader = await command.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct))
                breaches.Add(new BreachGroup(NameOfText(groupBy, reader.GetString(0), names), reader.GetInt64(1), reader.GetInt64(2)));
        // Two reps of the same name, or a rep renamed, fold into one row by name.
        var (rows, total) = ComplianceCalculator.Calculate(groups, breaches);
        return new FollowUpReport(GroupName(groupBy), filter.Period.From, filter.Period.To, rows, total);
    }

    public async Task<ScoringReport> ScoringAsync(ReportFilter filter, CancellationToken ct)
    {
        await using var command = await CommandAsync(ct);
        var where = LeadWhere(command, filter);
        command.CommandText = $"""
            SELECT l."ModelVersion", l."Grade", l."OutcomeResult", count(*)
            FROM lead_views l WHERE {where} AND l."OutcomeResult" IS NOT NULL GROUP BY 1, 2, 3
            """;
        var groups = new List<ScoringGroup>();
        await using (var reader = await command.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct))
                groups.Add(new ScoringGroup(reader.IsDBNull(0) ? null : reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1),
                    reader.GetString(2), reader.GetInt64(3)));
        return ScoringCalculator.Calculate(filter.Period.From, filter.Period.To, groups);
    }

    /// <summary>
    /// Credits per campaign, ad platform or ad. A campaign filter keeps the leads that touched those campaigns; grouped by
    /// campaign only those campaigns' rows are shown, grouped otherwise every touch of those leads counts.
    /// </summary>
    public async Task<AttributionReport> AttributionAsync(ReportFilter filter, AttributionGrouping groupBy, CancellationToken ct)
    {
        await using var command = await CommandAsync(ct);
        var where = LeadWhere(command, filter, campaignFilter: false);
        var campaigns = filter.Campaigns.Count > 0
            ? " AND l.\"LeadId\" IN (SELECT c.\"LeadId\" FROM lead_touch_views c WHERE c.\"Campaign\" = ANY(@campaigns))" : "";
        if (filter.Campaigns.Count > 0) command.Parameters.Add(new NpgsqlParameter("campaigns", filter.Campaigns.ToArray()));
        command.CommandText = $"""
            SELECT t."LeadId", t."Campaign", t."At", coalesce(l."OutcomeResult" = 'won', false), coalesce(l."OutcomeValue", 0), t."AdClick"::text
            FROM lead_touch_views t JOIN lead_views l ON l."LeadId" = t."LeadId"
            WHERE {where}{campaigns}
            """;
        var touches = new List<AttributionTouch>();
        await using (var reader = await command.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct))
            {
                var click = reader.IsDBNull(5) ? null : Jsonb.Read<AdClickInfo>(reader.GetString(5));
                var key = groupBy switch
                {
                    AttributionGrouping.AdPlatform => click?.Platform,
                    AttributionGrouping.Ad => click?.SourceId,
                    _ => reader.IsDBNull(1) ? null : reader.GetString(1),
                };
                touches.Add(new AttributionTouch(reader.GetGuid(0), key, reader.GetDateTime(2), reader.GetBoolean(3), reader.GetDecimal(4)));
            }
        var only = filter.Campaigns.Count > 0 && groupBy == AttributionGrouping.Campaign ? filter.Campaigns.ToHashSet(StringComparer.Ordinal) : null;
        return new AttributionReport(filter.Period.From, filter.Period.To, AttributionCalculator.Calculate(touches, only), GroupName(groupBy));
    }

    public const string NeverContacted = "never-contacted";
    public const string Stalled = "stalled";
    public const string BlackHoleWhere = "l.\"OutcomeResult\" IS NULL AND l.\"SalesTouches\" < 5 AND l.\"Status\" IN ('new', 'assigned', 'contacted')";
    private const string NeverSql = "l.\"Status\" IN ('new', 'assigned')";
    private const string StalledSql = "l.\"Status\" = 'contacted' AND l.\"PendingSteps\" = 0 AND l.\"LastTouchAt\" < @cutoff";

    /// <summary>
    /// Never contacted: open, not in nurture, no sales touch, captured before the cutoff. Stalled: contacted, fewer than
    /// five touches, no outcome, nothing pending, last touch before the cutoff. Counts per rep and campaign, and a page of the leads.
    /// </summary>
    public async Task<BlackHoleReport> BlackHoleAsync(ReportFilter filter, BlackHoleQuery query, DateTime nowUtc, CancellationToken ct)
    {
        var cutoff = nowUtc.AddHours(-query.OlderThanHours);
        var names = await RepNamesAsync(ct);
        await using var command = await CommandAsync(ct);
        var where = BlackHoleFilter(command, filter, cutoff, kind: null, repId: null);
        command.CommandText = $"""
            SELECT coalesce(l."Campaign", ''), l."OwnerRepId",
                   count(*) FILTER (WHERE {NeverSql}), count(*) FILTER (WHERE {StalledSql})
            FROM lead_views l WHERE {where} GROUP BY 1, 2
            """;
        var cells = new List<(string Campaign, Guid? Rep, long Never, long Stalled)>();
        await using (var reader = await command.ExecuteReaderAsync(ct))
            while (await reader.ReadAsync(ct))
                cells.Add((reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetGuid(1), reader.GetInt64(2), reader.GetInt64(3)));
        cells.RemoveAll(c => c.Never == 0 && c.Stalled == 0);

        var byRep = cells.GroupBy(c => c.Rep)
            .Select(g => new BlackHoleCount(g.Key is { } rep ? names.GetValueOrDefault(rep, rep.ToString()) : Unassigned, g.Key, g.Sum(c => c.Never), g.Sum(c => c.Stalled)))
            .OrderByDescending(c => c.NeverContacted + c.Stalled).ThenBy(c => c.Key, StringComparer.Ordinal).ToList();
        var byCampaign = cells.GroupBy(c => c.Campaign)
            .Select(g => new BlackHoleCount(FunnelCalculator.OrNone(g.Key), null, g.Sum(c => c.Never), g.Sum(c => c.Stalled)))
            .OrderByDescending(c => c.NeverContacted + c.Stalled).ThenBy(c => c.Key, StringComparer.Ordinal).ToList();

        var matching = cells.Where(c => query.RepId is null || c.Rep == query.RepId).ToList();
        var total = query.Kind switch
        {
            NeverContacted => matching.Sum(c => c.Never),
            Stalled => matching.Sum(c => c.Stalled),
            _ => matching.Sum(c => c.Never + c.Stalled),
        };
        var items = new List<BlackHoleItem>();
        await foreach (var item in BlackHoleItemsAsync(filter, query, cutoff, (query.Page - 1) * query.PageSize, query.PageSize, ct)) items.Add(item);
        return new BlackHoleReport(query.OlderThanHours, cutoff, cells.Sum(c => c.Never), cells.Sum(c => c.Stalled), byRep, byCampaign,
            items, total, query.Page, query.PageSize);
    }

    /// <summary>The black-hole leads newest capture first, streamed (for CSV, every one of them).</summary>
    public async IAsyncEnumerable<BlackHoleItem> BlackHoleItemsAsync(ReportFilter filter, BlackHoleQuery query, DateTime cutoff, int offset, int? limit,
        [EnumeratorCancellation] CancellationToken ct)
    {
        await using var command = await CommandAsync(ct);
        var where = BlackHoleFilter(command, filter, cutoff, query.Kind, query.RepId);
        command.CommandText = $"""
            SELECT l."LeadId", CASE WHEN {NeverSql} THEN '{NeverContacted}' ELSE '{Stalled}' END, l."Name", l."Company", l."Campaign",
                   l."Source", l."Grade", l."Status", l."OwnerRepId", l."OwnerName", l."ReceivedAt", l."LastTouchAt", l."SalesTouches"
            FROM lead_views l WHERE {where} AND (({NeverSql}) OR ({StalledSql}))
            ORDER BY l."ReceivedAt" DESC, l."LeadId" OFFSET {offset} {(limit is { } n ? $"LIMIT {n}" : "")}
            """;
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            yield return new BlackHoleItem(reader.GetGuid(0), reader.GetString(1), Text(reader, 2), Text(reader, 3), Text(reader, 4),
                Text(reader, 5), Text(reader, 6), reader.GetString(7), reader.IsDBNull(8) ? null : reader.GetGuid(8), Text(reader, 9),
                reader.GetDateTime(10), reader.IsDBNull(11) ? null : reader.GetDateTime(11), reader.GetInt32(12));
        }
    }

    private static string BlackHoleFilter(NpgsqlCommand command, ReportFilter filter, DateTime cutoff, string? kind, Guid? repId)
    {
        command.Parameters.Add(new NpgsqlParameter("cutoff", cutoff));
        var where = $"{BlackHoleWhere} AND l.\"ReceivedAt\" < @cutoff AND {LeadWhere(command, filter)}";
        if (kind == NeverContacted) where += $" AND {NeverSql}";
        if (kind == Stalled) where += $" AND {StalledSql}";
        if (repId is { } rep)
        {
            command.Parameters.Add(new NpgsqlParameter("rep", rep));
            where += " AND l.\"OwnerRepId\" = @rep";
        }
        return where;
    }

    /// <summary>The lead-table filter: captured in the period (UTC bounds of the local days), of the campaigns if any.</summary>
    private static string LeadWhere(NpgsqlCommand command, ReportFilter filter, bool campaignFilter = true)
    {
        var (fromUtc, toUtc) = filter.Period.ToUtcBounds(ReportPeriod.Jakarta);
        var where = "l.\"ReceivedAt\" IS NOT NULL";
        if (fromUtc is { } from)
        {
            command.Parameters.Add(new NpgsqlParameter("fromUtc", from));
            where += " AND l.\"ReceivedAt\" >= @fromUtc";
        }
        if (toUtc is { } to)
        {
            command.Parameters.Add(new NpgsqlParameter("toUtc", to));
            where += " AND l.\"ReceivedAt\" < @toUtc";
        }
        if (campaignFilter && filter.Campaigns.Count > 0)
        {
            command.Parameters.Add(new NpgsqlParameter("campaigns", filter.Campaigns.ToArray()));
            where += " AND l.\"Campaign\" = ANY(@campaigns)";
        }
        return where;
    }

    private async Task<Dictionary<string, FunnelSums>> FunnelSumsAsync(ReportFilter filter, string key, CancellationToken ct)
    {
        await using var command = await CommandAsync(ct);
        command.CommandText = $"""
            SELECT {key}, sum("Leads"), sum("Qualified"), sum("Assigned"), sum("Contacted"), sum("Won"), sum("Lost"), sum("Revenue"), sum("Touches")
            FROM funnel_cells WHERE {AggregateWhere(command, filter)}
            GROUP BY 1 HAVING sum("Leads") <> 0
            """;
        var sums = new Dictionary<string, FunnelSums>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var raw = reader.GetString(0);
            sums[raw] = new FunnelSums(raw, reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4),
                reader.GetInt64(5), reader.GetInt64(6), reader.GetDecimal(7), (long)reader.GetDecimal(8));
        }
        return sums;
    }

    private async Task<Dictionary<string, IReadOnlyDictionary<int, long>>> HistogramsAsync(ReportFilter filter, SpeedDim dim, string key, SpeedKind kind, CancellationToken ct)
    {
        await using var command = await CommandAsync(ct);
        command.Parameters.Add(new NpgsqlParameter("dim", (short)dim));
        command.Parameters.Add(new NpgsqlParameter("kind", (short)kind));
        command.CommandText = $"""
            SELECT {key}, "Bucket", sum("Count")
            FROM speed_cells WHERE "Dim" = @dim AND "Kind" = @kind AND {AggregateWhere(command, filter)}
            GROUP BY 1, 2 HAVING sum("Count") > 0
            """;
        var histograms = new Dictionary<string, Dictionary<int, long>>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var raw = reader.GetString(0);
            if (!histograms.TryGetValue(raw, out var histogram)) histograms[raw] = histogram = [];
            histogram[reader.GetInt32(1)] = reader.GetInt64(2);
        }
        return histograms.ToDictionary(h => h.Key, IReadOnlyDictionary<int, long> (h) => h.Value, StringComparer.Ordinal);
    }

    /// <summary>Whole years from the year cells, whole months from the month cells, the rest from the day cells.</summary>
    private static string AggregateWhere(NpgsqlCommand command, ReportFilter filter)
    {
        var slices = PeriodSlices.Split(filter.Period.From, filter.Period.To);
        if (slices.Count == 0) return "FALSE";
        var parts = new List<string>();
        for (var i = 0; i < slices.Count; i++)
        {
            command.Parameters.Add(new NpgsqlParameter($"g{i}", (short)slices[i].Grain));
            command.Parameters.Add(new NpgsqlParameter($"f{i}", slices[i].From));
            command.Parameters.Add(new NpgsqlParameter($"t{i}", slices[i].ToExclusive));
            parts.Add($"(\"Grain\" = @g{i} AND \"Period\" >= @f{i} AND \"Period\" < @t{i})");
        }
        var where = "(" + string.Join(" OR ", parts) + ")";
        if (filter.Campaigns.Count > 0)
        {
            command.Parameters.Add(new NpgsqlParameter("campaigns", filter.Campaigns.ToArray()));
            where += " AND \"Campaign\" = ANY(@campaigns)";
        }
        return where;
    }

    private async Task<NpgsqlCommand> CommandAsync(CancellationToken ct)
    {
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open)
        {
            await db.Database.OpenConnectionAsync(ct);
            // On two cores a parallel plan's worker start-up costs more than the few thousand aggregate rows it splits.
            // The setting stays with the pooled connection (pools do not reset, see DatabaseExtensions.Tuned): harmless, as
            // nothing else this service runs is worth a parallel plan either.
            await using var serial = new NpgsqlCommand("SET max_parallel_workers_per_gather = 0", connection);
            await serial.ExecuteNonQueryAsync(ct);
        }
        return connection.CreateCommand();
    }

    private async Task<Dictionary<Guid, string>> RepNamesAsync(CancellationToken ct) =>
        await db.Reps.AsNoTracking().ToDictionaryAsync(r => r.RepId, r => r.Name, ct);

    private static string KeyColumn(FunnelGrouping groupBy) => groupBy switch
    {
        FunnelGrouping.Campaign => "\"Campaign\"",
        FunnelGrouping.Source => "\"Source\"",
        _ => "\"RepId\"::text",
    };

    private static string Name(FunnelGrouping groupBy, string raw, IReadOnlyDictionary<Guid, string>? names) => groupBy switch
    {
        FunnelGrouping.Rep => Guid.Parse(raw) is var rep && rep == Guid.Empty ? Unassigned : names!.GetValueOrDefault(rep, raw),
        _ => FunnelCalculator.OrNone(raw),
    };

    private static string NameOfText(FunnelGrouping groupBy, string raw, IReadOnlyDictionary<Guid, string>? names) =>
        groupBy == FunnelGrouping.Rep ? (raw.Length == 0 ? Unassigned : Name(groupBy, raw, names)) : FunnelCalculator.OrNone(raw);

    public static string GroupName(FunnelGrouping groupBy) => groupBy.ToString().ToLowerInvariant();

    public static string GroupName(AttributionGrouping groupBy) => groupBy switch
    {
        AttributionGrouping.AdPlatform => "adPlatform",
        AttributionGrouping.Ad => "ad",
        _ => "campaign",
    };

    private static readonly IReadOnlyDictionary<int, long> Empty = new Dictionary<int, long>();

    private static IReadOnlyDictionary<int, long> Merge(IEnumerable<IReadOnlyDictionary<int, long>> histograms)
    {
        var merged = new Dictionary<int, long>();
        foreach (var h in histograms)
            foreach (var (bucket, count) in h) merged[bucket] = merged.GetValueOrDefault(bucket) + count;
        return merged;
    }

    private static string? Text(DbDataReader reader, int i) => reader.IsDBNull(i) ? null : reader.GetString(i);
}
