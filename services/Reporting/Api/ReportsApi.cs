using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Smarketing.Reporting.Data;
using Smarketing.Reporting.Domain;
using Smarketing.Reporting.Reports;
using Smarketing.ServiceDefaults.Security;

namespace Smarketing.Reporting.Api;

/// <summary>
/// The reports: every one takes from/to (capture days in Asia/Jakarta), any number of campaign filters and
/// format=json|csv. Results are cached in Redis until the next event changes the read models.
/// </summary>
public static class ReportsApi
{
    private static readonly TimeSpan CacheFor = TimeSpan.FromMinutes(10);
    // The black hole depends on the clock too: a lead falls in as it ages.
    private static readonly TimeSpan BlackHoleCacheFor = TimeSpan.FromSeconds(30);
    public const int MaxPageSize = 500;

    public static IEndpointRouteBuilder MapReportsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/reports").RequireAuthorization(Policies.Insight);
        api.MapGet("/funnel", FunnelAsync);
        api.MapGet("/speed-to-lead", SpeedToLeadAsync);
        api.MapGet("/follow-up", FollowUpAsync);
        api.MapGet("/black-hole", BlackHoleAsync);
        api.MapGet("/scoring", ScoringAsync);
        api.MapGet("/attribution", AttributionAsync);
        var admin = app.MapGroup("/api/reports/rebuild").RequireAuthorization(Policies.Admins);
        admin.MapPost("", StartRebuild);
        admin.MapGet("", (ReadModelRebuild rebuild) => TypedResults.Ok(rebuild.Status));
        return app;
    }

    private sealed record Common(ReportFilter Filter, bool Csv);

    private static Common? Parse(string? from, string? to, string? format, string[]? campaign, Dictionary<string, string[]> errors)
    {
        var csv = format == "csv";
        if (!string.IsNullOrEmpty(format) && format is not ("json" or "csv")) errors["format"] = ["format must be json or csv."];
        var campaigns = (campaign ?? []).Select(c => c.Trim()).Where(c => c.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        if (campaigns.Count > 100) errors["campaign"] = ["At most 100 campaigns."];
        var period = ReportPeriod.Parse(from, to, errors);
        return period is null || errors.Count > 0 ? null : new Common(new ReportFilter(period, campaigns), csv);
    }

    private static FunnelGrouping? Grouping(string? groupBy, string fallback, IReadOnlyCollection<string> allowed, Dictionary<string, string[]> errors)
    {
        var name = string.IsNullOrEmpty(groupBy) ? fallback : groupBy;
        if (allowed.Contains(name) && FunnelCalculator.TryParseGrouping(name, out var grouping)) return grouping;
        errors["groupBy"] = [$"groupBy must be one of: {string.Join(", ", allowed)}."];
        return null;
    }

    private static IResult Csv(string name, IReadOnlyList<string> header, IEnumerable<object?[]> rows, CancellationToken ct) =>
        TypedResults.Stream(stream => Api.Csv.WriteAsync(stream, header, rows, ct), "text/csv; charset=utf-8", name);

    public static async Task<IResult> FunnelAsync(string? groupBy, string? from, string? to, string? format, [FromQuery] string[]? campaign,
        ReportingDbContext db, ReportCache cache, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var grouping = Grouping(groupBy, "campaign", ["campaign", "source", "rep"], errors);
        var common = Parse(from, to, format, campaign, errors);
        if (common is null || grouping is not { } g) return TypedResults.ValidationProblem(errors);
        var report = await cache.GetOrComputeAsync("funnel", $"{g}|{common.Filter.CacheKey}", CacheFor,
            () => new ReportQueries(db).FunnelAsync(common.Filter, g, ct));
        if (!common.Csv) return TypedResults.Ok(report);
        return Csv($"funnel-by-{report.GroupBy}.csv", FunnelHeader, report.Rows.Select(FunnelFields), ct);
    }

    public static readonly string[] FunnelHeader =
    [
        "key", "visits", "clicks", "spend", "leads", "qualified", "assigned", "contacted", "won", "lost", "revenue",
        "leadRate", "qualifiedRate", "winRate", "costPerLead", "costPerWon", "medianSpeedToLeadSeconds", "avgTouchesPerLead",
    ];

    public static object?[] FunnelFields(FunnelRow r) =>
    [
        r.Key, r.Visits, r.Clicks, r.Spend, r.Leads, r.Qualified, r.Assigned, r.Contacted, r.Won, r.Lost, r.Revenue,
        r.LeadRate, r.QualifiedRate, r.WinRate, r.CostPerLead, r.CostPerWon, r.MedianSpeedToLeadSeconds, r.AvgTouchesPerLead,
    ];

    public static async Task<IResult> SpeedToLeadAsync(string? groupBy, string? from, string? to, string? format, [FromQuery] string[]? campaign,
        ReportingDbContext db, ReportCache cache, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var grouping = Grouping(groupBy, "rep", ["rep", "source"], errors);
        var common = Parse(from, to, format, campaign, errors);
        if (common is null || grouping is not { } g) return TypedResults.ValidationProblem(errors);
        var report = await cache.GetOrComputeAsync("speed-to-lead", $"{g}|{common.Filter.CacheKey}", CacheFor,
            () => new ReportQueries(db).SpeedToLeadAsync(common.Filter, g, ct));
        if (!common.Csv) return TypedResults.Ok(report);
        string[] header =
        [
            "key", "leads", "assigned", "contacted", "assignP50Seconds", "assignP90Seconds", "assignP99Seconds",
            "touchP50Seconds", "touchP90Seconds", "touchP99Seconds", "touchedWithin5MinutesRate", "touchedWithin1HourRate", "touchedWithin24HoursRate",
        ];
        return Csv($"speed-to-lead-by-{report.GroupBy}.csv", header, report.Rows.Append(report.Total).Select(r => new object?[]
        {
            r.Key, r.Leads, r.Assigned, r.Contacted, r.AssignP50Seconds, r.AssignP90Seconds, r.AssignP99Seconds,
            r.TouchP50Seconds, r.TouchP90Seconds, r.TouchP99Seconds, r.TouchedWithin5MinutesRate, r.TouchedWithin1HourRate, r.TouchedWithin24HoursRate,
        }), ct);
    }

    public static async Task<IResult> FollowUpAsync(string? groupBy, string? from, string? to, string? format, [FromQuery] string[]? campaign,
        ReportingDbContext db, ReportCache cache, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var grouping = Grouping(groupBy, "rep", ["rep", "campaign"], errors);
        var common = Parse(from, to, format, campaign, errors);
        if (common is null || grouping is not { } g) return TypedResults.ValidationProblem(errors);
        var report = await cache.GetOrComputeAsync("follow-up", $"{g}|{common.Filter.CacheKey}", CacheFor,
            () => new ReportQueries(db).FollowUpAsync(common.Filter, g, ct));
        if (!common.Csv) return TypedResults.Ok(report);
        var bins = ComplianceCalculator.TouchBins;
        var header = new[] { "key", "leads", "open", "closed" }
            .Concat(bins.Select(b => "closedTouches" + Bin(b))).Concat(bins.Select(b => "openTouches" + Bin(b)))
            .Concat(["avgTouchesPerClosedLead", "avgTouchesPerOpenLead", "dropped", "droppedAfterFiveTouches", "reachedFiveTouchesRate",
                "firstTouchDeadlines", "firstTouchBreaches", "firstTouchBreachRate"]).ToArray();
        return Csv($"follow-up-by-{report.GroupBy}.csv", header, report.Rows.Append(report.Total).Select(r =>
            new object?[] { r.Key, r.Leads, r.Open, r.Closed }
                .Concat(bins.Select(b => (object?)r.TouchesPerClosedLead[b])).Concat(bins.Select(b => (object?)r.TouchesPerOpenLead[b]))
                .Concat([r.AvgTouchesPerClosedLead, r.AvgTouchesPerOpenLead, r.Dropped, r.DroppedAfterFiveTouches, r.ReachedFiveTouchesRate,
                    r.FirstTouchDeadlines, r.FirstTouchBreaches, r.FirstTouchBreachRate]).ToArray()), ct);
    }

    private static string Bin(string bin) => bin == "5+" ? "5Plus" : bin;

    public static async Task<IResult> BlackHoleAsync(int? olderThanHours, string? kind, Guid? repId, int? page, int? pageSize,
        string? from, string? to, string? format, [FromQuery] string[]? campaign, ReportingDbContext db, ReportCache cache, TimeProvider clock, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (olderThanHours is < 0 or > 8760) errors["olderThanHours"] = ["olderThanHours must be between 0 and 8760."];
        if (kind is not (null or "" or ReportQueries.NeverContacted or ReportQueries.Stalled))
            errors["kind"] = [$"kind must be {ReportQueries.NeverContacted} or {ReportQueries.Stalled}."];
        if (page is < 1) errors["page"] = ["page must be 1 or more."];
        if (pageSize is < 1 or > MaxPageSize) errors["pageSize"] = [$"pageSize must be between 1 and {MaxPageSize}."];
        var common = Parse(from, to, format, campaign, errors);
        if (common is null) return TypedResults.ValidationProblem(errors);
        var query = new BlackHoleQuery(olderThanHours ?? 24, string.IsNullOrEmpty(kind) ? null : kind, repId, page ?? 1, pageSize ?? 50);
        var now = clock.GetUtcNow().UtcDateTime;
        var queries = new ReportQueries(db);
        if (common.Csv)
        {
            string[] header = ["leadId", "kind", "name", "company", "campaign", "source", "grade", "status", "ownerRepId", "ownerName", "receivedAt", "lastTouchAt", "salesTouches"];
            var rows = queries.BlackHoleItemsAsync(common.Filter, query, now.AddHours(-query.OlderThanHours), 0, null, ct)
                .Select(i => new object?[] { i.LeadId, i.Kind, i.Name, i.Company, i.Campaign, i.Source, i.Grade, i.Status, i.OwnerRepId, i.OwnerName, i.ReceivedAt, i.LastTouchAt, i.SalesTouches });
            return TypedResults.Stream(stream => Api.Csv.WriteAsync(stream, header, rows, ct), "text/csv; charset=utf-8", "black-hole.csv");
        }
        // Cached per second of the clock: a burst of reads shares one computation, and the cutoff still moves on.
        var second = now.Ticks / TimeSpan.TicksPerSecond;
        return TypedResults.Ok(await cache.GetOrComputeAsync("black-hole", $"{query}|{second}|{common.Filter.CacheKey}", BlackHoleCacheFor,
            () => queries.BlackHoleAsync(common.Filter, query, new DateTime(second * TimeSpan.TicksPerSecond, DateTimeKind.Utc), ct)));
    }

    public static async Task<IResult> ScoringAsync(string? from, string? to, string? format, [FromQuery] string[]? campaign,
        ReportingDbContext db, ReportCache cache, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var common = Parse(from, to, format, campaign, errors);
        if (common is null) return TypedResults.ValidationProblem(errors);
        var report = await cache.GetOrComputeAsync("scoring", common.Filter.CacheKey, CacheFor, () => new ReportQueries(db).ScoringAsync(common.Filter, ct));
        if (!common.Csv) return TypedResults.Ok(report);
        string[] header = ["modelVersion", "grade", "closed", "won", "lost", "disqualified", "winRate"];
        return Csv("scoring.csv", header, report.ByGrade.Select(r => r with { ModelVersion = "(all)" }).Concat(report.ByModel)
            .Select(r => new object?[] { r.ModelVersion, r.Grade, r.Closed, r.Won, r.Lost, r.Disqualified, r.WinRate }), ct);
    }

    private static readonly Dictionary<string, AttributionGrouping> AttributionGroupings = new(StringComparer.Ordinal)
    {
        ["campaign"] = AttributionGrouping.Campaign, ["adPlatform"] = AttributionGrouping.AdPlatform, ["ad"] = AttributionGrouping.Ad,
    };

    public static async Task<IResult> AttributionAsync(string? groupBy, string? from, string? to, string? format, [FromQuery] string[]? campaign,
        ReportingDbContext db, ReportCache cache, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var common = Parse(from, to, format, campaign, errors);
        var grouping = AttributionGrouping.Campaign;
        if (!string.IsNullOrEmpty(groupBy) && !AttributionGroupings.TryGetValue(groupBy, out grouping))
            errors["groupBy"] = [$"groupBy must be one of: {string.Join(", ", AttributionGroupings.Keys)}."];
        if (common is null || errors.Count > 0) return TypedResults.ValidationProblem(errors);
        var report = await cache.GetOrComputeAsync($"attribution:{grouping}", common.Filter.CacheKey, CacheFor,
            () => new ReportQueries(db).AttributionAsync(common.Filter, grouping, ct));
        if (!common.Csv) return TypedResults.Ok(report);
        string[] header = ["key", "firstTouchLeads", "lastTouchLeads", "linearLeads", "wonDeals", "firstTouchRevenue", "lastTouchRevenue", "linearRevenue"];
        return Csv("attribution.csv", header, report.Rows.Select(r => new object?[]
            { r.Key, r.FirstTouchLeads, r.LastTouchLeads, r.LinearLeads, r.WonDeals, r.FirstTouchRevenue, r.LastTouchRevenue, r.LinearRevenue }), ct);
    }

    private static Results<Accepted<RebuildStatus>, Conflict<RebuildStatus>> StartRebuild(ReadModelRebuild rebuild) =>
        rebuild.TryStart()
            ? TypedResults.Accepted("/api/reports/rebuild", rebuild.Status)
            : TypedResults.Conflict(rebuild.Status);
}
