using Smarketing.Reporting.Reports;
using Smarketing.Reporting.Domain;

namespace Smarketing.Reporting.Tests;

public class SpeedToLeadCalculatorTests
{
    [Fact]
    public void Percentiles_and_shares_of_all_leads()
    {
        var touch = new Dictionary<int, long> { [30] = 1, [60] = 1, [240] = 1, [3600] = 1 };
        var assign = new Dictionary<int, long> { [2] = 3, [5] = 1 };
        var row = SpeedToLeadCalculator.Row("web", leads: 5, contacted: 4, assign, touch);

        Assert.Equal((5L, 4L, 4L), (row.Leads, row.Assigned, row.Contacted));
        Assert.Equal((2, 5, 5), (row.AssignP50Seconds, row.AssignP90Seconds, row.AssignP99Seconds));
        Assert.Equal((60, 3600, 3600), (row.TouchP50Seconds, row.TouchP90Seconds, row.TouchP99Seconds));
        Assert.Equal(0.6, row.TouchedWithin5MinutesRate);   // 3 of 5 leads; the uncontacted one counts against
        Assert.Equal(0.6, row.TouchedWithin1HourRate);      // 3600 s is not within the hour
        Assert.Equal(0.8, row.TouchedWithin24HoursRate);
    }

    [Fact]
    public void No_leads_give_nulls_not_nan()
    {
        var row = SpeedToLeadCalculator.Row("none", 0, 0, new Dictionary<int, long>(), new Dictionary<int, long>());
        Assert.Null(row.TouchP50Seconds);
        Assert.Null(row.AssignP99Seconds);
        Assert.Null(row.TouchedWithin5MinutesRate);
    }
}

public class ComplianceCalculatorTests
{
    [Fact]
    public void Touch_distributions_drops_and_breaches_per_group_and_in_total()
    {
        ComplianceGroup[] groups =
        [
            new("Andi", Closed: true, Touches: 5, Lost: true, Leads: 1, TouchSum: 7),
            new("Andi", Closed: true, Touches: 2, Lost: true, Leads: 1, TouchSum: 2),
            new("Andi", Closed: true, Touches: 3, Lost: false, Leads: 2, TouchSum: 6),
            new("Andi", Closed: false, Touches: 0, Lost: false, Leads: 3, TouchSum: 0),
            new("Sari", Closed: false, Touches: 1, Lost: false, Leads: 1, TouchSum: 1),
        ];
        BreachGroup[] breaches = [new("Andi", 6, 2), new("Sari", 1, 0), new("Budi", 2, 2)];

        var (rows, total) = ComplianceCalculator.Calculate(groups, breaches);

        var andi = rows.Single(r => r.Key == "Andi");
        Assert.Equal((7L, 3L, 4L), (andi.Leads, andi.Open, andi.Closed));
        Assert.Equal(new Dictionary<string, long> { ["0"] = 0, ["1"] = 0, ["2"] = 1, ["3"] = 2, ["4"] = 0, ["5+"] = 1 }, andi.TouchesPerClosedLead);
        Assert.Equal(3, andi.TouchesPerOpenLead["0"]);
        Assert.Equal(15.0 / 4, andi.AvgTouchesPerClosedLead);
        Assert.Equal(0.0, andi.AvgTouchesPerOpenLead);
        Assert.Equal((2L, 1L, 0.5), (andi.Dropped, andi.DroppedAfterFiveTouches, andi.ReachedFiveTouchesRate));
        Assert.Equal((6L, 2L), (andi.FirstTouchDeadlines, andi.FirstTouchBreaches));
        Assert.Equal(1.0 / 3, andi.FirstTouchBreachRate);

        var budi = rows.Single(r => r.Key == "Budi"); // a rep who only missed deadlines (the leads moved on)
        Assert.Equal(0, budi.Leads);
        Assert.Null(budi.AvgTouchesPerClosedLead);
        Assert.Null(budi.ReachedFiveTouchesRate);
        Assert.Equal(1.0, budi.FirstTouchBreachRate);

        Assert.Equal(ComplianceCalculator.All, total.Key);
        Assert.Equal((8L, 4L, 9L, 4L), (total.Leads, total.Open, total.FirstTouchDeadlines, total.FirstTouchBreaches));
        Assert.Equal(0.25, total.AvgTouchesPerOpenLead);
    }
}

public class ScoringCalculatorTests
{
    [Fact]
    public void Win_rate_per_grade_and_per_model_over_closed_leads()
    {
        ScoringGroup[] groups =
        [
            new("1", "A", "won", 3), new("1", "A", "lost", 1), new("2", "A", "won", 1), new("2", "A", "disqualified", 1),
            new("2", "C", "lost", 4), new(null, null, "lost", 1),
        ];
        var report = ScoringCalculator.Calculate(null, null, groups);

        Assert.Equal(["(none)", "A", "C"], report.ByGrade.Select(r => r.Grade));
        var a = report.ByGrade.Single(r => r.Grade == "A");
        Assert.Equal((6L, 4L, 1L, 1L), (a.Closed, a.Won, a.Lost, a.Disqualified));
        Assert.Equal(4.0 / 6, a.WinRate);
        Assert.Equal(0.0, report.ByGrade.Single(r => r.Grade == "C").WinRate);
        Assert.Equal(0.75, report.ByModel.Single(r => r.ModelVersion == "1" && r.Grade == "A").WinRate);
        Assert.Equal(0.5, report.ByModel.Single(r => r.ModelVersion == "2" && r.Grade == "A").WinRate);
    }

    [Fact]
    public void Nothing_closed_is_an_empty_report() => Assert.Empty(ScoringCalculator.Calculate(null, null, []).ByGrade);
}

public class AttributionCalculatorTests
{
    private static readonly DateTime T = new(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void First_last_and_linear_credit_of_leads_and_won_revenue()
    {
        var won = Guid.NewGuid();
        var open = Guid.NewGuid();
        AttributionTouch[] touches =
        [
            new(won, "billboard", T, true, 90m), new(won, "radio", T.AddDays(1), true, 90m), new(won, "radio", T.AddDays(2), true, 90m),
            new(open, "billboard", T, false, 0m),
        ];
        var rows = AttributionCalculator.Calculate(touches).ToDictionary(r => r.Key);

        var billboard = rows["billboard"];
        Assert.Equal((2.0, 1.0, 1.3333), (billboard.FirstTouchLeads, billboard.LastTouchLeads, billboard.LinearLeads));
        Assert.Equal((90m, 0m, 30m), (billboard.FirstTouchRevenue, billboard.LastTouchRevenue, billboard.LinearRevenue));
        Assert.Equal(1, billboard.WonDeals);
        var radio = rows["radio"];
        Assert.Equal((0.0, 1.0, 0.6667), (radio.FirstTouchLeads, radio.LastTouchLeads, radio.LinearLeads));
        Assert.Equal((0m, 90m, 60m), (radio.FirstTouchRevenue, radio.LastTouchRevenue, radio.LinearRevenue));
        // Every model hands out each lead exactly once.
        Assert.Equal(2.0, rows.Values.Sum(r => r.FirstTouchLeads));
        Assert.Equal(2.0, rows.Values.Sum(r => r.LastTouchLeads));
    }

    [Fact]
    public void Revenue_split_in_thirds_rounds_to_cents()
    {
        var lead = Guid.NewGuid();
        var rows = AttributionCalculator.Calculate(
            [new(lead, "a", T, true, 100m), new(lead, "b", T.AddHours(1), true, 100m), new(lead, "c", T.AddHours(2), true, 100m)]);
        Assert.All(rows, r => Assert.Equal(33.33m, r.LinearRevenue));
    }

    [Fact]
    public void Touches_keyed_by_ad_platform_credit_the_platforms_and_leave_unclicked_touches_to_none()
    {
        var lead = Guid.NewGuid();
        var rows = AttributionCalculator.Calculate(
            [new(lead, "meta", T, true, 120m), new(lead, null, T.AddHours(1), true, 120m), new(lead, "google", T.AddHours(2), true, 120m)])
            .ToDictionary(r => r.Key);
        Assert.Equal((1.0, 0.0, 0.3333, 120m), (rows["meta"].FirstTouchLeads, rows["meta"].LastTouchLeads, rows["meta"].LinearLeads, rows["meta"].FirstTouchRevenue));
        Assert.Equal((0.0, 1.0, 120m), (rows["google"].FirstTouchLeads, rows["google"].LastTouchLeads, rows["google"].LastTouchRevenue));
        Assert.Equal(0.3333, rows[FunnelCalculator.None].LinearLeads);
    }

    [Fact]
    public void A_campaign_filter_keeps_only_those_rows()
    {
        var lead = Guid.NewGuid();
        var rows = AttributionCalculator.Calculate([new(lead, "a", T, false, 0m), new(lead, null, T.AddHours(1), false, 0m)],
            new HashSet<string> { "a" });
        Assert.Equal(["a"], rows.Select(r => r.Key));
        Assert.Equal(0.5, rows[0].LinearLeads);
    }
}
