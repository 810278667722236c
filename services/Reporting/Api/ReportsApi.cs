using Smarketing.ServiceDefaults.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Smarketing.Reporting.Data;
using Smarketing.Reporting.Domain;

namespace Smarketing.Reporting.Api;

public sealed record FunnelReport(string GroupBy, DateOnly? From, DateOnly? To, IReadOnlyList<FunnelRow> Rows);

public static class ReportsApi
{
    public static IEndpointRouteBuilder MapReportsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/reports").RequireAuthorization(Policies.Insight);
        api.MapGet("/funnel", FunnelAsync);
        return app;
    }

    /// <summary>
    /// Loads only the columns the funnel needs for the period's leads and traffic, then groups in memory with the
    /// pure FunnelCalculator, so the arithmetic is the unit-tested code rather than SQL.
    /// </summary>
    public static async Task<Results<Ok<FunnelReport>, PushStreamHttpResult, ValidationProblem>> FunnelAsync(
        string? groupBy, string? from, string? to, string? format, ReportingDbContext db, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var groupName = string.IsNullOrEmpty(groupBy) ? "campaign" : groupBy;
        if (!FunnelCalculator.TryParseGrouping(groupName, out var grouping))
            errors["groupBy"] = ["groupBy must be one of: campaign, source, rep."];
        var csv = format == "csv";
        if (!string.IsNullOrEmpty(format) && format is not ("json" or "csv")) errors["format"] = ["format must be json or csv."];
        var period = ReportPeriod.Parse(from, to, errors);
        if (period is null || errors.Count > 0) return TypedResults.ValidationProblem(errors);

        var (fromUtc, toUtc) = period.ToUtcBounds(ReportPeriod.Jakarta);
        var leads = db.Leads.AsNoTracking().Where(l => l.ReceivedAt != null);
        if (fromUtc is { } start) leads = leads.Where(l => l.ReceivedAt >= start);
        if (toUtc is { } end) leads = leads.Where(l => l.ReceivedAt < end);
        var leadRows = await leads
            .Select(l => new FunnelLead(l.Campaign, l.Source, l.OwnerRepId, l.OwnerName, l.Qualification, l.ReceivedAt!.Value,
                l.FirstTouchAt, l.OutcomeResult, l.OutcomeValue, l.SalesTouches))
            .ToListAsync(ct);

        List<FunnelTraffic> trafficRows = [];
        if (grouping != FunnelGrouping.Rep)
        {
            var traffic = db.TrafficDays.AsNoTracking();
            if (period.From is { } fromDate) traffic = traffic.Where(d => d.Date >= fromDate);
            if (period.To is { } toDate) traffic = traffic.Where(d => d.Date <= toDate);
            trafficRows = await traffic.Select(d => new FunnelTraffic(d.Campaign, d.Source, d.Visits, d.Clicks, d.Spend)).ToListAsync(ct);
        }

        var rows = FunnelCalculator.Calculate(grouping, leadRows, trafficRows);
        if (!csv) return TypedResults.Ok(new FunnelReport(groupName, period.From, period.To, rows));
        return TypedResults.Stream(
            stream => FunnelCsv.WriteAsync(stream, rows, ct), "text/csv; charset=utf-8", $"funnel-by-{groupName}.csv");
    }
}
