using Smarketing.Reporting.Domain;

namespace Smarketing.Reporting.Reports;

/// <summary>Speed to lead from the two histograms of a group: percentiles and the share touched within 5 min, 1 h, 24 h.</summary>
public static class SpeedToLeadCalculator
{
    public static SpeedToLeadRow Row(string key, long leads, long contacted, IReadOnlyDictionary<int, long> assign, IReadOnlyDictionary<int, long> touch) =>
        new(key, leads, assign.Values.Sum(), contacted,
            Percentiles.Of(assign, 0.5), Percentiles.Of(assign, 0.9), Percentiles.Of(assign, 0.99),
            Percentiles.Of(touch, 0.5), Percentiles.Of(touch, 0.9), Percentiles.Of(touch, 0.99),
            FunnelCalculator.Ratio(Percentiles.Below(touch, 5 * SpeedBuckets.Minute), leads),
            FunnelCalculator.Ratio(Percentiles.Below(touch, SpeedBuckets.Hour), leads),
            FunnelCalculator.Ratio(Percentiles.Below(touch, SpeedBuckets.Day), leads));
}

/// <summary>Leads of one group with one closed/open state, touch count (5 means five or more) and lost flag.</summary>
public sealed record ComplianceGroup(string Key, bool Closed, int Touches, bool Lost, long Leads, long TouchSum);

/// <summary>First-touch steps planned for a group and how many of them got an overdue notice.</summary>
public sealed record BreachGroup(string Key, long Deadlines, long Breaches);

public static class ComplianceCalculator
{
    public const string All = "(all)";
    public static readonly IReadOnlyList<string> TouchBins = ["0", "1", "2", "3", "4", "5+"];

    public static (IReadOnlyList<FollowUpRow> Rows, FollowUpRow Total) Calculate(IReadOnlyCollection<ComplianceGroup> groups, IReadOnlyCollection<BreachGroup> breaches)
    {
        var keys = groups.Select(g => g.Key).Union(breaches.Select(b => b.Key), StringComparer.Ordinal);
        var rows = keys
            .Select(key => Row(key, groups.Where(g => g.Key == key).ToList(), breaches.Where(b => b.Key == key).ToList()))
            .OrderByDescending(r => r.Leads).ThenBy(r => r.Key, StringComparer.Ordinal).ToList();
        return (rows, Row(All, groups, breaches));
    }

    public static FollowUpRow Row(string key, IReadOnlyCollection<ComplianceGroup> groups, IReadOnlyCollection<BreachGroup> breaches)
    {
        var closed = groups.Where(g => g.Closed).ToList();
        var open = groups.Where(g => !g.Closed).ToList();
        var closedLeads = closed.Sum(g => g.Leads);
        var openLeads = open.Sum(g => g.Leads);
        var dropped = groups.Where(g => g.Lost).Sum(g => g.Leads);
        var droppedAfterFive = groups.Where(g => g.Lost && g.Touches >= 5).Sum(g => g.Leads);
        var deadlines = breaches.Sum(b => b.Deadlines);
        var breached = breaches.Sum(b => b.Breaches);
        return new FollowUpRow(key, closedLeads + openLeads, openLeads, closedLeads,
            Distribution(closed), Distribution(open),
            closedLeads == 0 ? null : (double)closed.Sum(g => g.TouchSum) / closedLeads,
            openLeads == 0 ? null : (double)open.Sum(g => g.TouchSum) / openLeads,
            dropped, droppedAfterFive, FunnelCalculator.Ratio(droppedAfterFive, dropped),
            deadlines, breached, FunnelCalculator.Ratio(breached, deadlines));
    }

    private static IReadOnlyDictionary<string, long> Distribution(IEnumerable<ComplianceGroup> groups)
    {
        var bins = TouchBins.ToDictionary(b => b, _ => 0L);
        foreach (var g in groups) bins[TouchBins[Math.Clamp(g.Touches, 0, 5)]] += g.Leads;
        return bins;
    }
}

public sealed record ScoringGroup(string? ModelVersion, string? Grade, string Result, long Count);

public static class ScoringCalculator
{
    public static ScoringReport Calculate(DateOnly? from, DateOnly? to, IReadOnlyCollection<ScoringGroup> groups)
    {
        var byGrade = groups.GroupBy(g => g.Grade ?? FunnelCalculator.None)
            .Select(g => Row(null, g.Key, g.ToList())).OrderBy(r => r.Grade, StringComparer.Ordinal).ToList();
        var byModel = groups.GroupBy(g => (Model: g.ModelVersion ?? FunnelCalculator.None, Grade: g.Grade ?? FunnelCalculator.None))
            .Select(g => Row(g.Key.Model, g.Key.Grade, g.ToList()))
            .OrderBy(r => r.ModelVersion, StringComparer.Ordinal).ThenBy(r => r.Grade, StringComparer.Ordinal).ToList();
        return new ScoringReport(from, to, byGrade, byModel);
    }

    private static ScoringRow Row(string? model, string grade, IReadOnlyCollection<ScoringGroup> groups)
    {
        long Count(string result) => groups.Where(g => g.Result == result).Sum(g => g.Count);
        var closed = groups.Sum(g => g.Count);
        return new ScoringRow(model, grade, closed, Count("won"), Count("lost"), Count("disqualified"), FunnelCalculator.Ratio(Count("won"), closed));
    }
}

/// <summary>
/// One marketing touch (capture) of a lead, with what the lead finally brought. Key is what the touch is credited to:
/// its campaign, its ad platform or its ad (AttributionGrouping).
/// </summary>
public sealed record AttributionTouch(Guid LeadId, string? Key, DateTime At, bool Won, decimal Revenue);

/// <summary>What attribution credits: campaigns (API.md's default), ad platforms, or ads (the ad's sourceId).</summary>
public enum AttributionGrouping { Campaign, AdPlatform, Ad }

/// <summary>
/// Credits each lead, and the revenue of each won one, to its campaigns: all to the first capture, all to the last, or
/// an equal share to each capture (linear). Leads are credited to 4 decimals and revenue to cents, after summing.
/// </summary>
public static class AttributionCalculator
{
    public static IReadOnlyList<AttributionRow> Calculate(IEnumerable<AttributionTouch> touches, IReadOnlySet<string>? onlyCampaigns = null)
    {
        var sums = new Dictionary<string, Credit>(StringComparer.Ordinal);
        Credit For(string campaign) => sums.TryGetValue(campaign, out var c) ? c : sums[campaign] = new Credit();

        foreach (var lead in touches.GroupBy(t => t.LeadId))
        {
            var ordered = lead.OrderBy(t => t.At).ThenBy(t => t.Key, StringComparer.Ordinal).ToList();
            var n = ordered.Count;
            var revenue = ordered[0].Won ? ordered[0].Revenue : 0m;
            var first = For(FunnelCalculator.OrNone(ordered[0].Key));
            first.First += 1;
            first.FirstRevenue += revenue;
            var last = For(FunnelCalculator.OrNone(ordered[^1].Key));
            last.Last += 1;
            last.LastRevenue += revenue;
            foreach (var touch in ordered)
            {
                var credit = For(FunnelCalculator.OrNone(touch.Key));
                if (touch.Won) credit.Won.Add(touch.LeadId);
                credit.Linear += 1.0 / n;
                credit.LinearRevenue += revenue / n;
            }
        }

        return sums
            .Where(s => onlyCampaigns is null || onlyCampaigns.Contains(s.Key))
            .Select(s => new AttributionRow(s.Key, Math.Round(s.Value.First, 4), Math.Round(s.Value.Last, 4), Math.Round(s.Value.Linear, 4),
                s.Value.Won.Count, Math.Round(s.Value.FirstRevenue, 2), Math.Round(s.Value.LastRevenue, 2),
                Math.Round(s.Value.LinearRevenue, 2, MidpointRounding.AwayFromZero)))
            .OrderByDescending(r => r.LinearLeads).ThenBy(r => r.Key, StringComparer.Ordinal)
            .ToList();
    }

    private sealed class Credit
    {
        public double First, Last, Linear;
        public decimal FirstRevenue, LastRevenue, LinearRevenue;
        public readonly HashSet<Guid> Won = [];
    }
}
