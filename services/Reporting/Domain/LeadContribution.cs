namespace Smarketing.Reporting.Domain;

/// <summary>What the aggregates need of one lead, read from its row before and after a change.</summary>
public sealed record LeadFigures(
    DateTime? ReceivedAt,
    string? Campaign,
    string? Source,
    Guid? OwnerRepId,
    string? Qualification,
    DateTime? FirstAssignedAt,
    DateTime? FirstTouchAt,
    string? OutcomeResult,
    decimal? OutcomeValue,
    int SalesTouches);

/// <summary>One lead's share of the aggregates: the cell it counts in and what it adds there.</summary>
public sealed record LeadContribution(
    DateOnly Day,
    string Campaign,
    string Source,
    Guid RepId,
    bool Qualified,
    bool Assigned,
    bool Contacted,
    bool Won,
    bool Lost,
    decimal Revenue,
    int Touches,
    int? AssignBucket,
    int? TouchBucket)
{
    /// <summary>Leads count on the local day of their capture; a lead whose capture has not arrived counts nowhere yet.</summary>
    public static LeadContribution? Of(LeadFigures lead, TimeZoneInfo zone)
    {
        if (lead.ReceivedAt is not { } at) return null;
        // As PostgreSQL stores it (microseconds), so a lead read back lands in the cell it was added to.
        var received = new DateTime(at.Ticks - at.Ticks % 10, DateTimeKind.Utc);
        var won = lead.OutcomeResult == "won";
        return new LeadContribution(
            DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(received, zone)),
            lead.Campaign ?? "",
            lead.Source ?? "",
            lead.OwnerRepId ?? Guid.Empty,
            Qualified: lead.Qualification is "mql" or "sql",
            Assigned: lead.OwnerRepId is not null,
            Contacted: lead.FirstTouchAt is not null,
            Won: won,
            Lost: lead.OutcomeResult == "lost",
            Revenue: won ? lead.OutcomeValue ?? 0m : 0m,
            Touches: lead.SalesTouches,
            AssignBucket: lead.FirstAssignedAt is { } assigned ? SpeedBuckets.Of(SpeedBuckets.Seconds(received, assigned)) : null,
            TouchBucket: lead.FirstTouchAt is { } touched ? SpeedBuckets.Of(SpeedBuckets.Seconds(received, touched)) : null);
    }
}

public sealed record FunnelCellKey(Grain Grain, DateOnly Period, string Campaign, string Source, Guid RepId);

public sealed record FunnelCellDelta(FunnelCellKey Key, int Leads, int Qualified, int Assigned, int Contacted, int Won, int Lost, decimal Revenue, long Touches)
{
    public bool IsZero => Leads == 0 && Qualified == 0 && Assigned == 0 && Contacted == 0 && Won == 0 && Lost == 0 && Revenue == 0 && Touches == 0;
}

public enum SpeedDim : short { CampaignSource = 1, CampaignRep = 2, Rep = 3 }

public enum SpeedKind : short { Assign = 1, Touch = 2 }

public sealed record SpeedCellKey(Grain Grain, DateOnly Period, SpeedDim Dim, string Campaign, string Source, Guid RepId, SpeedKind Kind, int Bucket);

/// <summary>
/// How a lead's change moves the aggregates: its old contribution comes out, its new one goes in, each at day,
/// month and year grain. Cells that end up unchanged are dropped, and the rest come out in key order so two writers lock
/// shared cells in the same order.
/// </summary>
public static class AggregateDeltas
{
    public static IReadOnlyList<FunnelCellDelta> Funnel(IEnumerable<(LeadContribution? Before, LeadContribution? After)> changes)
    {
        var sums = new Dictionary<FunnelCellKey, FunnelCellDelta>();
        foreach (var (before, after) in changes)
        {
            if (before == after) continue;
            if (before is not null) Add(sums, before, -1);
            if (after is not null) Add(sums, after, +1);
        }
        return sums.Values.Where(d => !d.IsZero).OrderBy(d => d.Key, FunnelKeyOrder.Instance).ToList();
    }

    public static IReadOnlyList<(SpeedCellKey Key, int Count)> Speed(IEnumerable<(LeadContribution? Before, LeadContribution? After)> changes)
    {
        var sums = new Dictionary<SpeedCellKey, int>();
        foreach (var (before, after) in changes)
        {
            if (before == after) continue;
            if (before is not null) foreach (var key in SpeedKeys(before)) sums[key] = sums.GetValueOrDefault(key) - 1;
            if (after is not null) foreach (var key in SpeedKeys(after)) sums[key] = sums.GetValueOrDefault(key) + 1;
        }
        return sums.Where(s => s.Value != 0).Select(s => (s.Key, s.Value)).OrderBy(s => s.Key, SpeedKeyOrder.Instance).ToList();
    }

    public static IEnumerable<SpeedCellKey> SpeedKeys(LeadContribution c)
    {
        foreach (var grain in Grains)
        {
            var period = PeriodSlices.PeriodOf(c.Day, grain);
            foreach (var (kind, bucket) in new[] { (SpeedKind.Assign, c.AssignBucket), (SpeedKind.Touch, c.TouchBucket) })
            {
                if (bucket is not { } b) continue;
                yield return new SpeedCellKey(grain, period, SpeedDim.CampaignSource, c.Campaign, c.Source, Guid.Empty, kind, b);
                yield return new SpeedCellKey(grain, period, SpeedDim.CampaignRep, c.Campaign, "", c.RepId, kind, b);
                yield return new SpeedCellKey(grain, period, SpeedDim.Rep, "", "", c.RepId, kind, b);
            }
        }
    }

    private static readonly Grain[] Grains = [Grain.Day, Grain.Month, Grain.Year];

    private static void Add(Dictionary<FunnelCellKey, FunnelCellDelta> sums, LeadContribution c, int sign)
    {
        foreach (var grain in Grains)
        {
            var key = new FunnelCellKey(grain, PeriodSlices.PeriodOf(c.Day, grain), c.Campaign, c.Source, c.RepId);
            var d = sums.GetValueOrDefault(key) ?? new FunnelCellDelta(key, 0, 0, 0, 0, 0, 0, 0m, 0);
            sums[key] = d with
            {
                Leads = d.Leads + sign,
                Qualified = d.Qualified + (c.Qualified ? sign : 0),
                Assigned = d.Assigned + (c.Assigned ? sign : 0),
                Contacted = d.Contacted + (c.Contacted ? sign : 0),
                Won = d.Won + (c.Won ? sign : 0),
                Lost = d.Lost + (c.Lost ? sign : 0),
                Revenue = d.Revenue + sign * c.Revenue,
                Touches = d.Touches + sign * c.Touches,
            };
        }
    }

    private sealed class FunnelKeyOrder : IComparer<FunnelCellKey>
    {
        public static readonly FunnelKeyOrder Instance = new();
        public int Compare(FunnelCellKey? x, FunnelCellKey? y)
        {
            var c = x!.Grain.CompareTo(y!.Grain);
            if (c == 0) c = x.Period.CompareTo(y.Period);
            if (c == 0) c = string.CompareOrdinal(x.Campaign, y.Campaign);
            if (c == 0) c = string.CompareOrdinal(x.Source, y.Source);
            if (c == 0) c = x.RepId.CompareTo(y.RepId);
            return c;
        }
    }

    private sealed class SpeedKeyOrder : IComparer<SpeedCellKey>
    {
        public static readonly SpeedKeyOrder Instance = new();
        public int Compare(SpeedCellKey? x, SpeedCellKey? y)
        {
            var c = x!.Grain.CompareTo(y!.Grain);
            if (c == 0) c = x.Dim.CompareTo(y.Dim);
            if (c == 0) c = x.Kind.CompareTo(y.Kind);
            if (c == 0) c = x.Period.CompareTo(y.Period);
            if (c == 0) c = string.CompareOrdinal(x.Campaign, y.Campaign);
            if (c == 0) c = string.CompareOrdinal(x.Source, y.Source);
            if (c == 0) c = x.RepId.CompareTo(y.RepId);
            if (c == 0) c = x.Bucket.CompareTo(y.Bucket);
            return c;
        }
    }
}
