using Smarketing.Contracts;
using Smarketing.Scoring.Domain;

namespace Smarketing.Scoring.Tests;

public class BacktestTests
{
    private static readonly DateTime At = new(2026, 11, 23, 1, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Auc_is_one_for_a_perfect_ranking_zero_for_a_reversed_one_and_a_half_for_all_ties()
    {
        Assert.Equal(1.0, Backtest.Auc([(90, true), (80, true), (20, false), (10, false)]));
        Assert.Equal(0.0, Backtest.Auc([(10, true), (20, false)]));
        Assert.Equal(0.5, Backtest.Auc([(50, true), (50, false), (50, false)]));
    }

    [Fact]
    public void Auc_counts_ties_between_a_positive_and_a_negative_as_half()
    {
        // Pairs (positive, negative): (80,40)=1, (80,80)=½, (40,40)=½, (40,80)=0 → 2 / 4.
        Assert.Equal(0.5, Backtest.Auc([(80, true), (40, true), (40, false), (80, false)]));
        // (70 vs 30)=1, (70 vs 70)=½ → 1.5 / 2.
        Assert.Equal(0.75, Backtest.Auc([(70, true), (30, false), (70, false)]));
    }

    [Fact]
    public void Auc_is_undefined_without_both_outcomes()
    {
        Assert.Null(Backtest.Auc([(10, true), (20, true)]));
        Assert.Null(Backtest.Auc([(10, false)]));
        Assert.Null(Backtest.Auc([]));
    }

    [Fact]
    public void Win_rates_per_grade_and_the_lift_of_grade_a_over_the_average()
    {
        var model = new ScoringModel("bt", [new ScoringRule("points", "fit", 0, "Points from the campaign name.", _ => true)]);
        // A model whose score is the number in the campaign: easy to place leads in grades.
        model = model with { Rules = [.. Enumerable.Range(1, 100).Select(i => new ScoringRule($"p{i}", "fit", 1, "x", l => int.Parse(l.Campaign!) >= i))] };
        LabelledLead Lead(int score, bool won) => new(Guid.NewGuid(), new LeadProfile("website-form", score.ToString(), new ContactInfo(), new InterestInfo(), 1, At), won);

        var result = Backtest.Run(model, [Lead(90, true), Lead(80, true), Lead(75, false), Lead(60, true), Lead(55, false), Lead(10, false)]);

        Assert.Equal(6, result.Leads);
        Assert.Equal(3, result.Won);
        Assert.Equal(["A", "B", "C", "D"], result.Grades.Select(g => g.Grade));
        Assert.Equal(new GradeStats("A", 3, 2, 2 / 3.0), result.Grades[0]);
        Assert.Equal(new GradeStats("B", 2, 1, 0.5), result.Grades[1]);
        Assert.Equal(new GradeStats("C", 0, 0, null), result.Grades[2]);
        Assert.Equal(new GradeStats("D", 1, 0, 0), result.Grades[3]);
        Assert.Equal(0.5, result.WinRate);
        Assert.Equal(2 / 3.0 / 0.5, result.LiftA!.Value, 9);
        // Won 90, 80, 60 against lost 75, 55, 10: 3 + 3 + 2 of 9 pairs.
        Assert.Equal(8 / 9.0, result.Auc!.Value, 9);
    }

    [Fact]
    public void Lift_is_undefined_with_no_grade_a_leads_or_no_wins()
    {
        var nothing = new ScoringModel("none", []);
        LabelledLead Lead(bool won) => new(Guid.NewGuid(), new LeadProfile("website-form", null, new ContactInfo(), new InterestInfo(), 1, At), won);

        var result = Backtest.Run(nothing, [Lead(true), Lead(false)]);

        Assert.Null(result.LiftA);
        Assert.Equal(0.5, result.Auc);
        Assert.Null(Backtest.Run(nothing, []).WinRate);
    }
}

public class EvidenceTests
{
    [Theory]
    [InlineData("won", false, true)]
    [InlineData("won", true, true)]
    [InlineData("lost", false, false)]
    [InlineData("disqualified", false, false)]
    [InlineData(null, true, false)]
    [InlineData(null, false, null)]
    public void Outcomes_decide_and_a_bad_fit_flag_counts_as_not_won_until_an_outcome_says_otherwise(string? outcome, bool flagged, bool? won)
    {
        Assert.Equal(won, LabelledLead.Label(outcome, flagged));
    }
}
