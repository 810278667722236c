using Smarketing.Contracts;
using Smarketing.Scoring.Domain;

namespace Smarketing.Scoring.Tests;

public class ScoringModelTests
{
    private static readonly LeadProfile AnyLead = new(
        "website-form", null, new ContactInfo(Email: "budi@tokoabc.co.id"), new InterestInfo(), 1,
        new DateTime(2026, 11, 23, 1, 0, 0, DateTimeKind.Utc));

    private static ScoringModel ModelGiving(params int[] points) =>
        new("test-1", points.Select((p, i) => new ScoringRule($"rule.{i}", "test", p, $"Rule {i}.", _ => true)).ToList());

    [Theory]
    [InlineData(100, "A", "sql")]
    [InlineData(70, "A", "sql")]
    [InlineData(69, "B", "mql")]
    [InlineData(50, "B", "mql")]
    [InlineData(49, "C", "mql")]
    [InlineData(40, "C", "mql")]
    [InlineData(39, "C", "nurture")]
    [InlineData(30, "C", "nurture")]
    [InlineData(29, "D", "nurture")]
    [InlineData(0, "D", "nurture")]
    public void Grade_and_qualification_change_exactly_at_the_default_cut_offs(int points, string grade, string qualification)
    {
        var result = ModelGiving(points).Score(AnyLead);

        Assert.Equal(points, result.Value);
        Assert.Equal(grade, result.Grade);
        Assert.Equal(qualification, result.Qualification);
    }

    [Fact]
    public void Points_of_all_firing_rules_add_up_and_the_total_is_capped_at_100()
    {
        var result = ModelGiving(60, 50, 20).Score(AnyLead);

        Assert.Equal(100, result.Value);
        Assert.Equal(3, result.Reasons.Count);
    }

    [Fact]
    public void Only_rules_that_hold_for_the_lead_give_points_and_reasons()
    {
        var model = new ScoringModel("test-2",
        [
            new("src.website", "intent", 30, "From the website.", l => l.Source == "website-form"),
            new("src.whatsapp", "intent", 40, "From WhatsApp.", l => l.Source == "whatsapp"),
            new("neg.no-phone", "negative", -5, "No phone.", l => l.Contact.Phone is null),
        ]);

        var result = model.Score(AnyLead);

        Assert.Equal(25, result.Value);
        Assert.Equal(["src.website", "neg.no-phone"], result.Reasons.Select(r => r.Rule));
        Assert.Equal([30, -5], result.Reasons.Select(r => r.Points));
        Assert.Equal("test-2", result.ModelVersion);
    }

    [Fact]
    public void A_model_with_its_own_cut_offs_uses_them_instead_of_the_defaults()
    {
        var model = ModelGiving(60) with { GradeA = 60, GradeB = 45, GradeC = 20, MqlThreshold = 30, SqlThreshold = 60 };

        Assert.Equal("A", model.Score(AnyLead).Grade);
        Assert.Equal("sql", model.Score(AnyLead).Qualification);
        Assert.Equal("B", model.GradeOf(59));
        Assert.Equal("mql", model.QualificationOf(59));
        Assert.Equal("C", model.GradeOf(20));
        Assert.Equal("D", model.GradeOf(19));
        Assert.Equal("mql", model.QualificationOf(30));
        Assert.Equal("nurture", model.QualificationOf(29));
    }
}
