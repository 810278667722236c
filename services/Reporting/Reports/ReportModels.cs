using Smarketing.Reporting.Domain;

namespace Smarketing.Reporting.Reports;

/// <summary>What every report is filtered by: capture days in the business's zone, and optionally some campaigns.</summary>
public sealed record ReportFilter(ReportPeriod Period, IReadOnlyList<string> Campaigns)
{
    public string CacheKey => $"{Period.From:yyyy-MM-dd}|{Period.To:yyyy-MM-dd}|{string.Join('|', Campaigns.Order(StringComparer.Ordinal))}";
}

public sealed record FunnelReport(string GroupBy, DateOnly? From, DateOnly? To, IReadOnlyList<FunnelRow> Rows);

public sealed record SpeedToLeadRow(
    string Key, long Leads, long Assigned, long Contacted,
    int? AssignP50Seconds, int? AssignP90Seconds, int? AssignP99Seconds,
    int? TouchP50Seconds, int? TouchP90Seconds, int? TouchP99Seconds,
    double? TouchedWithin5MinutesRate, double? TouchedWithin1HourRate, double? TouchedWithin24HoursRate);

public sealed record SpeedToLeadReport(string GroupBy, DateOnly? From, DateOnly? To, IReadOnlyList<SpeedToLeadRow> Rows, SpeedToLeadRow Total);

public sealed record FollowUpRow(
    string Key, long Leads, long Open, long Closed,
    IReadOnlyDictionary<string, long> TouchesPerClosedLead, IReadOnlyDictionary<string, long> TouchesPerOpenLead,
    double? AvgTouchesPerClosedLead, double? AvgTouchesPerOpenLead,
    long Dropped, long DroppedAfterFiveTouches, double? ReachedFiveTouchesRate,
    long FirstTouchDeadlines, long FirstTouchBreaches, double? FirstTouchBreachRate);

public sealed record FollowUpReport(string GroupBy, DateOnly? From, DateOnly? To, IReadOnlyList<FollowUpRow> Rows, FollowUpRow Total);

public sealed record BlackHoleQuery(int OlderThanHours, string? Kind, Guid? RepId, int Page, int PageSize);

public sealed record BlackHoleCount(string Key, Guid? RepId, long NeverContacted, long Stalled);

public sealed record BlackHoleItem(
    Guid LeadId, string Kind, string? Name, string? Company, string? Campaign, string? Source, string? Grade, string Status,
    Guid? OwnerRepId, string? OwnerName, DateTime ReceivedAt, DateTime? LastTouchAt, int SalesTouches);

public sealed record BlackHoleReport(
    int OlderThanHours, DateTime Cutoff, long NeverContacted, long Stalled,
    IReadOnlyList<BlackHoleCount> ByRep, IReadOnlyList<BlackHoleCount> ByCampaign,
    IReadOnlyList<BlackHoleItem> Items, long Total, int Page, int PageSize);

public sealed record ScoringRow(string? ModelVersion, string Grade, long Closed, long Won, long Lost, long Disqualified, double? WinRate);

public sealed record ScoringReport(DateOnly? From, DateOnly? To, IReadOnlyList<ScoringRow> ByGrade, IReadOnlyList<ScoringRow> ByModel);

public sealed record AttributionRow(
    string Key, double FirstTouchLeads, double LastTouchLeads, double LinearLeads, long WonDeals,
    decimal FirstTouchRevenue, decimal LastTouchRevenue, decimal LinearRevenue);

public sealed record AttributionReport(DateOnly? From, DateOnly? To, IReadOnlyList<AttributionRow> Rows, string GroupBy = "campaign");
