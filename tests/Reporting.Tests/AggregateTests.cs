using Smarketing.Reporting.Domain;

namespace Smarketing.Reporting.Tests;

public class AggregateTests
{
    private static readonly Guid Andi = Guid.Parse("00000000-0000-0000-0000-0000000000a1");
    private static readonly Guid Sari = Guid.Parse("00000000-0000-0000-0000-0000000000a2");

    private static LeadFigures Lead(DateTime received, string? campaign = "billboard", Guid? owner = null, string? qualification = "sql",
        int? touchAfter = null, string? outcome = null, decimal? value = null, int touches = 0, int? assignAfter = null) =>
        new(received, campaign, "website-form", owner, qualification, assignAfter is { } a ? received.AddSeconds(a) : null,
            touchAfter is { } t ? received.AddSeconds(t) : null, outcome, value, touches);

    [Fact]
    public void A_lead_at_23_30_wib_counts_on_that_local_day_and_month()
    {
        var c = LeadContribution.Of(Lead(new DateTime(2026, 11, 30, 16, 30, 0, DateTimeKind.Utc)), ReportPeriod.Jakarta)!;
        Assert.Equal(new DateOnly(2026, 11, 30), c.Day);
        var lateUtc = LeadContribution.Of(Lead(new DateTime(2026, 11, 30, 17, 0, 0, DateTimeKind.Utc)), ReportPeriod.Jakarta)!;
        Assert.Equal(new DateOnly(2026, 12, 1), lateUtc.Day); // midnight WIB: already December
    }

    [Fact]
    public void A_lead_whose_capture_has_not_arrived_counts_nowhere() =>
        Assert.Null(LeadContribution.Of(Lead(DateTime.UtcNow) with { ReceivedAt = null }, ReportPeriod.Jakarta));

    [Fact]
    public void A_first_touch_moves_one_lead_from_uncontacted_to_contacted_in_the_day_and_the_month()
    {
        var received = new DateTime(2026, 11, 20, 3, 0, 0, DateTimeKind.Utc);
        var before = LeadContribution.Of(Lead(received, owner: Andi), ReportPeriod.Jakarta);
        var after = LeadContribution.Of(Lead(received, owner: Andi, touchAfter: 90, touches: 1), ReportPeriod.Jakarta);

        var funnel = AggregateDeltas.Funnel([(before, after)]);

        Assert.Equal([Grain.Day, Grain.Month, Grain.Year], funnel.Select(d => d.Key.Grain));
        Assert.All(funnel, d => Assert.Equal((0, 1, 1L), (d.Leads, d.Contacted, d.Touches)));
        var speed = AggregateDeltas.Speed([(before, after)]);
        Assert.Equal(9, speed.Count); // three grains × three dimensions
        Assert.All(speed, s => Assert.Equal((SpeedKind.Touch, 60, 1), (s.Key.Kind, s.Key.Bucket, s.Count)));
    }

    [Fact]
    public void An_unchanged_lead_moves_nothing()
    {
        var lead = LeadContribution.Of(Lead(DateTime.UtcNow, owner: Andi, touchAfter: 10, touches: 2), ReportPeriod.Jakarta);
        Assert.Empty(AggregateDeltas.Funnel([(lead, lead)]));
        Assert.Empty(AggregateDeltas.Speed([(lead, lead)]));
    }

    [Fact]
    public void Deltas_come_out_in_one_key_order_so_writers_lock_cells_alike()
    {
        var a = LeadContribution.Of(Lead(new DateTime(2026, 3, 1, 3, 0, 0, DateTimeKind.Utc), campaign: "b"), ReportPeriod.Jakarta);
        var b = LeadContribution.Of(Lead(new DateTime(2026, 1, 1, 3, 0, 0, DateTimeKind.Utc), campaign: "a"), ReportPeriod.Jakarta);
        var one = AggregateDeltas.Funnel([(null, a), (null, b)]).Select(d => d.Key);
        var other = AggregateDeltas.Funnel([(null, b), (null, a)]).Select(d => d.Key);
        Assert.Equal(one, other);
    }

    /// <summary>
    /// The fast path must give the same rows as counting the leads: random leads go through random changes, each change
    /// applied as deltas to in-memory cells; the rows from the summed cells equal FunnelCalculator over the final leads.
    /// </summary>
    [Fact]
    public void Aggregates_maintained_by_deltas_equal_the_funnel_counted_from_the_leads()
    {
        var random = new Random(2026);
        var campaigns = new[] { "billboard", "radio", null };
        var reps = new Guid?[] { null, Andi, Sari };
        var start = new DateTime(2026, 9, 1, 0, 0, 0, DateTimeKind.Utc);
        LeadFigures RandomLead() => Lead(
            start.AddMinutes(random.Next(0, 60 * 24 * 200)), campaigns[random.Next(3)], reps[random.Next(3)],
            new[] { "sql", "mql", "nurture", null }[random.Next(4)],
            random.Next(3) == 0 ? null : random.Next(0, 200_000), new[] { null, "won", "lost", "disqualified" }[random.Next(4)],
            random.Next(0, 100) * 1_000_000m, random.Next(0, 8), random.Next(2) == 0 ? null : random.Next(0, 5000));

        var leads = new Dictionary<int, LeadFigures>();
        var funnel = new Dictionary<FunnelCellKey, FunnelCellDelta>();
        var speed = new Dictionary<SpeedCellKey, long>();
        for (var step = 0; step < 3000; step++)
        {
            var id = random.Next(0, 400);
            var before = leads.TryGetValue(id, out var old) ? old : null;
            var after = RandomLead();
            leads[id] = after;
            var change = (Of(before), Of(after));
            foreach (var d in AggregateDeltas.Funnel([change]))
            {
                var s = funnel.GetValueOrDefault(d.Key) ?? new FunnelCellDelta(d.Key, 0, 0, 0, 0, 0, 0, 0m, 0);
                funnel[d.Key] = new FunnelCellDelta(d.Key, s.Leads + d.Leads, s.Qualified + d.Qualified, s.Assigned + d.Assigned,
                    s.Contacted + d.Contacted, s.Won + d.Won, s.Lost + d.Lost, s.Revenue + d.Revenue, s.Touches + d.Touches);
            }
            foreach (var (key, count) in AggregateDeltas.Speed([change])) speed[key] = speed.GetValueOrDefault(key) + count;
        }

        // Read it the way the report does: September 15–30 from day cells, then month cells, then year cells.
        var slices = PeriodSlices.Split(new DateOnly(2026, 9, 15), null);
        bool InSlices(Grain grain, DateOnly period) => slices.Any(s => s.Grain == grain && period >= s.From && period < s.ToExclusive);
        var fromCells = funnel.Values.Where(c => InSlices(c.Key.Grain, c.Key.Period))
            .GroupBy(c => FunnelCalculator.OrNone(c.Key.Campaign))
            .Select(g => FunnelCalculator.FromSums(
                new FunnelSums(g.Key, g.Sum(c => c.Leads), g.Sum(c => c.Qualified), g.Sum(c => c.Assigned), g.Sum(c => c.Contacted),
                    g.Sum(c => c.Won), g.Sum(c => c.Lost), g.Sum(c => c.Revenue), g.Sum(c => c.Touches)),
                0, 0, 0m,
                speed.Where(s => s.Key.Dim == SpeedDim.CampaignSource && s.Key.Kind == SpeedKind.Touch && InSlices(s.Key.Grain, s.Key.Period)
                                 && FunnelCalculator.OrNone(s.Key.Campaign) == g.Key)
                    .GroupBy(s => s.Key.Bucket).ToDictionary(b => b.Key, b => b.Sum(s => s.Value))))
            .Where(r => r.Leads > 0);

        var (fromUtc, _) = new ReportPeriod(new DateOnly(2026, 9, 15), null).ToUtcBounds(ReportPeriod.Jakarta);
        var counted = FunnelCalculator.Calculate(FunnelGrouping.Campaign,
            leads.Values.Where(l => l.ReceivedAt >= fromUtc).Select(l => new FunnelLead(l.Campaign, l.Source, l.OwnerRepId, null,
                l.Qualification, l.ReceivedAt!.Value, l.FirstTouchAt, l.OutcomeResult, l.OutcomeValue, l.SalesTouches)), []);

        Assert.Equal(FunnelCalculator.Order(counted), FunnelCalculator.Order(fromCells.ToList()));
        Assert.Equal(3, counted.Count);
    }

    private static LeadContribution? Of(LeadFigures? lead) => lead is null ? null : LeadContribution.Of(lead, ReportPeriod.Jakarta);
}
