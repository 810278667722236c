using Smarketing.Reporting.Domain;

namespace Smarketing.Reporting.Tests;

public class FunnelCalculatorTests
{
    private static readonly DateTime Received = new(2026, 11, 20, 3, 0, 0, DateTimeKind.Utc);
    private static readonly Guid Andi = Guid.NewGuid();

    private static FunnelLead Lead(
        string? campaign = "billboard-q4", string source = "website-form", Guid? owner = null, string? ownerName = null,
        string? qualification = "sql", double? touchAfterSeconds = null, string? outcome = null, decimal? value = null, int touches = 0) =>
        new(campaign, source, owner, ownerName, qualification, Received,
            touchAfterSeconds is { } s ? Received.AddSeconds(s) : null, outcome, value, touches);

    [Fact]
    public void Counts_and_rates_for_one_campaign()
    {
        var leads = new[]
        {
            Lead(owner: Andi, ownerName: "Andi", touchAfterSeconds: 60, outcome: "won", value: 50_000_000m, touches: 3),
            Lead(owner: Andi, ownerName: "Andi", touchAfterSeconds: 300, outcome: "lost", touches: 5),
            Lead(qualification: "mql"),
            Lead(qualification: "nurture", touches: 0),
        };
        var traffic = new[]
        {
            new FunnelTraffic("billboard-q4", "google-ads", 600, 150, 1_000_000m),
            new FunnelTraffic("billboard-q4", "meta", 400, 50, 500_000m),
        };

        var row = Assert.Single(FunnelCalculator.Calculate(FunnelGrouping.Campaign, leads, traffic));

        Assert.Equal(("billboard-q4", 1000L, 200L, 1_500_000m), (row.Key, row.Visits, row.Clicks, row.Spend));
        Assert.Equal((4, 3, 2, 2, 1, 1), (row.Leads, row.Qualified, row.Assigned, row.Contacted, row.Won, row.Lost));
        Assert.Equal(50_000_000m, row.Revenue);
        Assert.Equal(0.004, row.LeadRate);
        Assert.Equal(0.75, row.QualifiedRate);
        Assert.Equal(0.25, row.WinRate);
        Assert.Equal(375_000m, row.CostPerLead);
        Assert.Equal(1_500_000m, row.CostPerWon);
        Assert.Equal(60, row.MedianSpeedToLeadSeconds); // nearest rank: the first of the two contacted leads
        Assert.Equal(2.0, row.AvgTouchesPerLead);
    }

    [Fact]
    public void A_campaign_with_only_traffic_gets_a_row_whose_lead_ratios_are_null()
    {
        var rows = FunnelCalculator.Calculate(FunnelGrouping.Campaign,
            [Lead(campaign: "billboard-q4")],
            [new FunnelTraffic("radio-q4", "google-ads", 500, 20, 200_000m)]);

        Assert.Equal(["billboard-q4", "radio-q4"], rows.Select(r => r.Key));
        var radio = rows[1];
        Assert.Equal((500L, 20L, 200_000m, 0), (radio.Visits, radio.Clicks, radio.Spend, radio.Leads));
        Assert.Equal(0.0, radio.LeadRate);
        Assert.Null(radio.QualifiedRate);
        Assert.Null(radio.WinRate);
        Assert.Null(radio.CostPerLead);
        Assert.Null(radio.CostPerWon);
        Assert.Null(radio.MedianSpeedToLeadSeconds);
        Assert.Null(radio.AvgTouchesPerLead);
    }

    [Fact]
    public void Leads_without_traffic_have_no_lead_rate_and_zero_cost_per_lead()
    {
        var row = Assert.Single(FunnelCalculator.Calculate(FunnelGrouping.Campaign, [Lead(campaign: null)], []));

        Assert.Equal(FunnelCalculator.None, row.Key);
        Assert.Null(row.LeadRate);
        Assert.Equal(0m, row.CostPerLead);
        Assert.Null(row.CostPerWon);
        Assert.Null(row.MedianSpeedToLeadSeconds);
    }

    [Fact]
    public void An_empty_period_has_no_rows() =>
        Assert.Empty(FunnelCalculator.Calculate(FunnelGrouping.Source, [], []));

    [Fact]
    public void By_source_matches_traffic_on_its_source_name()
    {
        var rows = FunnelCalculator.Calculate(FunnelGrouping.Source,
            [Lead(source: "landing-page"), Lead(source: "landing-page"), Lead(source: "whatsapp")],
            [new FunnelTraffic("billboard-q4", "landing-page", 100, 10, 50_000m), new FunnelTraffic("x", "google-ads", 7, 1, 1m)]);

        Assert.Equal(["landing-page", "whatsapp", "google-ads"], rows.Select(r => r.Key));
        Assert.Equal((100L, 2, 0.02), (rows[0].Visits, rows[0].Leads, rows[0].LeadRate!.Value));
        Assert.Equal(25_000m, rows[0].CostPerLead);
        Assert.Equal(0L, rows[1].Visits);
    }

    [Fact]
    public void By_rep_uses_the_owner_name_and_ignores_traffic()
    {
        var rows = FunnelCalculator.Calculate(FunnelGrouping.Rep,
            [Lead(owner: Andi, ownerName: "Andi Wijaya"), Lead(owner: Andi, ownerName: "Andi Wijaya"), Lead()],
            [new FunnelTraffic("billboard-q4", "google-ads", 1000, 100, 1_000_000m)]);

        Assert.Equal(["Andi Wijaya", FunnelCalculator.Unassigned], rows.Select(r => r.Key));
        Assert.All(rows, r => Assert.Equal((0L, 0m), (r.Visits, r.Spend)));
        Assert.Equal(2, rows[0].Assigned);
        Assert.Equal(0, rows[1].Assigned);
    }

    [Fact]
    public void Speed_to_lead_is_the_nearest_rank_median_over_contacted_leads_only()
    {
        // Two contacted leads: nearest rank p50 is the first of them (rank ceil(0.5 × 2) = 1); the untouched lead does not count.
        var row = FunnelCalculator.Row("k", [Lead(touchAfterSeconds: 45), Lead(touchAfterSeconds: 300), Lead()], []);
        Assert.Equal(45.0, row.MedianSpeedToLeadSeconds);
    }

    [Fact]
    public void A_back_dated_first_touch_counts_as_instant()
    {
        var row = FunnelCalculator.Row("k", [Lead(touchAfterSeconds: -600)], []);
        Assert.Equal(0.0, row.MedianSpeedToLeadSeconds);
    }

    [Fact]
    public void Costs_are_rounded_to_cents() => Assert.Equal(333_333.33m, FunnelCalculator.Cost(1_000_000m, 3));

    [Fact]
    public void Ratios_with_a_zero_denominator_are_null()
    {
        Assert.Null(FunnelCalculator.Ratio(5, 0));
        Assert.Null(FunnelCalculator.Cost(100m, 0));
        Assert.Equal(0.5, FunnelCalculator.Ratio(1, 2));
    }

    [Theory]
    [InlineData("campaign", FunnelGrouping.Campaign)]
    [InlineData("source", FunnelGrouping.Source)]
    [InlineData("rep", FunnelGrouping.Rep)]
    public void Parses_the_grouping(string value, FunnelGrouping expected)
    {
        Assert.True(FunnelCalculator.TryParseGrouping(value, out var grouping));
        Assert.Equal(expected, grouping);
    }

    [Theory]
    [InlineData("Campaign")]
    [InlineData("owner")]
    [InlineData(null)]
    public void Rejects_an_unknown_grouping(string? value) => Assert.False(FunnelCalculator.TryParseGrouping(value, out _));
}
