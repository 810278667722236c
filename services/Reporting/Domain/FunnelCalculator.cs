namespace Smarketing.Reporting.Domain;

public enum FunnelGrouping { Campaign, Source, Rep }

/// <summary>What the funnel needs of one lead: the few columns it groups and counts on.</summary>
public sealed record FunnelLead(
    string? Campaign,
    string? Source,
    Guid? OwnerRepId,
    string? OwnerName,
    string? Qualification,
    DateTime ReceivedAt,
    DateTime? FirstTouchAt,
    string? OutcomeResult,
    decimal? OutcomeValue,
    int SalesTouches);

/// <summary>One group's sums from the funnel aggregates.</summary>
public sealed record FunnelSums(string Key, long Leads, long Qualified, long Assigned, long Contacted, long Won, long Lost, decimal Revenue, long Touches);

/// <summary>One campaign's traffic and spend from one source on one day.</summary>
public sealed record FunnelTraffic(string Campaign, string Source, long Visits, long Clicks, decimal Spend);

public sealed record FunnelRow(
    string Key,
    long Visits,
    long Clicks,
    decimal Spend,
    int Leads,
    int Qualified,
    int Assigned,
    int Contacted,
    int Won,
    int Lost,
    decimal Revenue,
    double? LeadRate,
    double? QualifiedRate,
    double? WinRate,
    decimal? CostPerLead,
    decimal? CostPerWon,
    double? MedianSpeedToLeadSeconds,
    double? AvgTouchesPerLead);

/// <summary>
/// The funnel arithmetic, over rows already filtered to the report's period. Every ratio is null when its
/// denominator is zero, so a quiet campaign shows "no data" rather than NaN, infinity or a division error.
/// </summary>
public static class FunnelCalculator
{
    public const string None = "(none)";
    public const string Unassigned = "(unassigned)";

    public static bool TryParseGrouping(string? value, out FunnelGrouping grouping)
    {
        grouping = value switch
        {
            "campaign" => FunnelGrouping.Campaign,
            "source" => FunnelGrouping.Source,
            "rep" => FunnelGrouping.Rep,
            _ => (FunnelGrouping)(-1),
        };
        return Enum.IsDefined(grouping);
    }

    /// <summary>One row per key, most leads first; campaigns or sources that only had traffic still get a row.</summary>
    public static IReadOnlyList<FunnelRow> Calculate(FunnelGrouping groupBy, IEnumerable<FunnelLead> leads, IEnumerable<FunnelTraffic> traffic)
    {
        var leadsByKey = leads.GroupBy(l => KeyOf(groupBy, l), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        // Rep rows have no traffic: ad spend is not attributable to whoever later owned the lead.
        var trafficByKey = groupBy == FunnelGrouping.Rep
            ? new Dictionary<string, List<FunnelTraffic>>(StringComparer.Ordinal)
            : traffic.GroupBy(t => groupBy == FunnelGrouping.Campaign ? OrNone(t.Campaign) : OrNone(t.Source), StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);

        return leadsByKey.Keys.Union(trafficByKey.Keys, StringComparer.Ordinal)
            .Select(key => Row(key, leadsByKey.GetValueOrDefault(key) ?? [], trafficByKey.GetValueOrDefault(key) ?? []))
            .OrderByDescending(r => r.Leads).ThenBy(r => r.Key, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>One group's row counted from its leads: the same arithmetic as the aggregate path, over sums taken here.</summary>
    public static FunnelRow Row(string key, IReadOnlyCollection<FunnelLead> leads, IReadOnlyCollection<FunnelTraffic> traffic)
    {
        var sums = new FunnelSums(key,
            Leads: leads.Count,
            Qualified: leads.Count(l => l.Qualification is "mql" or "sql"),
            Assigned: leads.Count(l => l.OwnerRepId is not null),
            Contacted: leads.Count(l => l.FirstTouchAt is not null),
            Won: leads.Count(l => l.OutcomeResult == "won"),
            Lost: leads.Count(l => l.OutcomeResult == "lost"),
            Revenue: leads.Where(l => l.OutcomeResult == "won").Sum(l => l.OutcomeValue ?? 0m),
            Touches: leads.Sum(l => (long)l.SalesTouches));
        var speeds = Histogram(leads.Where(l => l.FirstTouchAt is not null)
            .Select(l => SpeedBuckets.Of(SpeedBuckets.Seconds(l.ReceivedAt, l.FirstTouchAt!.Value))));
        return FromSums(sums, traffic.Sum(t => t.Visits), traffic.Sum(t => t.Clicks), traffic.Sum(t => t.Spend), speeds);
    }

    public static double? Ratio(long numerator, long denominator) => denominator == 0 ? null : (double)numerator / denominator;

    /// <summary>Money per unit, rounded to cents: exact decimal division would print 28 digits.</summary>
    public static decimal? Cost(decimal spend, long units) =>
        units == 0 ? null : Math.Round(spend / units, 2, MidpointRounding.AwayFromZero);

    public static IReadOnlyDictionary<int, long> Histogram(IEnumerable<int> buckets) =>
        buckets.GroupBy(b => b).ToDictionary(g => g.Key, g => (long)g.Count());

    /// <summary>
    /// A row from aggregate sums (the fast path); the same arithmetic as <see cref="Row"/> over the leads themselves.
    /// </summary>
    public static FunnelRow FromSums(FunnelSums sums, long visits, long clicks, decimal spend, IReadOnlyDictionary<int, long> touchSpeeds) =>
        new(sums.Key, visits, clicks, spend,
            Leads: (int)sums.Leads,
            Qualified: (int)sums.Qualified,
            Assigned: (int)sums.Assigned,
            Contacted: (int)sums.Contacted,
            Won: (int)sums.Won,
            Lost: (int)sums.Lost,
            Revenue: sums.Revenue,
            LeadRate: Ratio(sums.Leads, visits),
            QualifiedRate: Ratio(sums.Qualified, sums.Leads),
            WinRate: Ratio(sums.Won, sums.Leads),
            CostPerLead: Cost(spend, sums.Leads),
            CostPerWon: Cost(spend, sums.Won),
            MedianSpeedToLeadSeconds: Percentiles.Of(touchSpeeds, 0.5),
            AvgTouchesPerLead: sums.Leads == 0 ? null : (double)sums.Touches / sums.Leads);

    /// <summary>Rows most leads first, then by key.</summary>
    public static IReadOnlyList<FunnelRow> Order(IEnumerable<FunnelRow> rows) =>
        rows.OrderByDescending(r => r.Leads).ThenBy(r => r.Key, StringComparer.Ordinal).ToList();

    public static string KeyOf(FunnelGrouping groupBy, FunnelLead lead) => groupBy switch
    {
        FunnelGrouping.Campaign => OrNone(lead.Campaign),
        FunnelGrouping.Source => OrNone(lead.Source),
        _ => lead.OwnerRepId is null ? Unassigned : lead.OwnerName ?? lead.OwnerRepId.Value.ToString(),
    };

    public static string OrNone(string? value) => string.IsNullOrWhiteSpace(value) ? None : value;
}
