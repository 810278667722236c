using System.Text.Json;
using Smarketing.Contracts;
using Smarketing.Scoring.Domain;
using static Smarketing.Scoring.Domain.Condition;

namespace Smarketing.Scoring.Tests;

public class RuleLanguageTests
{
    private static readonly DateTime LastTouch = new(2026, 11, 23, 1, 0, 0, DateTimeKind.Utc);

    private static readonly LeadProfile Lead = new(
        "whatsapp", "billboard-jakarta-q4",
        new ContactInfo("Budi", "budi@tokoabc.co.id", "+6281234567890", "Toko ABC", "Marketing Manager", "Jakarta Selatan"),
        new InterestInfo("billboard", "Butuh baliho 4x6 di Jl. Sudirman", 20_000_000m, "IDR", "this-month", ["Jl. Sudirman", "Jl. Thamrin"]),
        3, LastTouch);

    private static bool Holds(Condition when, LeadProfile? lead = null, DateTime? at = null)
    {
        var doc = new ModelDocument { Rules = [new RuleDocument { Id = "r", Category = "fit", Points = 10, Explanation = "x", When = when }] };
        Assert.Empty(ModelValidator.Validate(doc));
        return RuleLanguage.Compile(doc, "t").Score(lead ?? Lead, at).Reasons.Any(r => r.Rule == "r");
    }

    [Fact]
    public void Equals_compares_text_without_case_and_numbers_exactly()
    {
        Assert.True(Holds(Is("source", "WhatsApp")));
        Assert.False(Holds(Is("source", "referral")));
        Assert.True(Holds(new Condition { Field = "touches", EqualTo = JsonSerializer.SerializeToElement(3) }));
        Assert.False(Holds(new Condition { Field = "touches", EqualTo = JsonSerializer.SerializeToElement(2) }));
    }

    [Fact]
    public void In_matches_any_listed_value()
    {
        Assert.True(Holds(OneOf("interest.timeline", "now", "this-month")));
        Assert.False(Holds(OneOf("interest.timeline", "later")));
        Assert.False(Holds(OneOf("campaign", "x"), Lead with { Campaign = null }));
    }

    [Fact]
    public void ContainsAny_matches_whole_words_ignoring_case_and_hash_stands_for_a_number()
    {
        Assert.True(Holds(Has("contact.jobTitle", "manager")));
        Assert.True(Holds(Has("contact.city", "jakarta")));
        Assert.False(Holds(Has("contact.jobTitle", "mana")));
        Assert.True(Holds(Has("interest.message", "#x#")));
        Assert.False(Holds(Has("interest.message", "# meter")));
        Assert.True(Holds(Has("interest.message", "jl. ")));
        Assert.True(Holds(Has("interest.message", "di  jl.")));
        Assert.False(Holds(Has("interest.message", "(a+)+$")));
    }

    [Fact]
    public void Exists_tests_presence_and_absence()
    {
        Assert.True(Holds(Present("contact.company")));
        Assert.False(Holds(Present("contact.company"), Lead with { Contact = Lead.Contact with { Company = "  " } }));
        Assert.True(Holds(new Condition { Field = "interest.budget", Exists = false }, Lead with { Interest = new InterestInfo() }));
    }

    [Fact]
    public void Number_comparisons_include_or_exclude_the_bound_and_never_hold_for_a_missing_value()
    {
        Assert.True(Holds(AtLeast("interest.budget", 20_000_000m)));
        Assert.False(Holds(Above("interest.budget", 20_000_000m)));
        Assert.True(Holds(new Condition { Field = "interest.budget", Lte = 20_000_000m }));
        Assert.False(Holds(Below("interest.budget", 20_000_000m)));
        Assert.True(Holds(AtLeast("interest.locations", 2)));
        Assert.False(Holds(AtLeast("interest.locations", 3)));
        Assert.False(Holds(Below("interest.budget", 1m), Lead with { Interest = new InterestInfo() }));
        Assert.True(Holds(AtLeast("interest.messageLength", 25)));
    }

    [Fact]
    public void DaysSinceLastTouch_counts_whole_days_to_the_scoring_moment()
    {
        Assert.False(Holds(AtLeast("daysSinceLastTouch", 3), at: LastTouch.AddDays(2.9)));
        Assert.True(Holds(AtLeast("daysSinceLastTouch", 3), at: LastTouch.AddDays(3)));
    }

    [Fact]
    public void FreeMailDomain_needs_an_address_and_checks_the_list()
    {
        Assert.True(Holds(FreeMail("contact.emailDomain", false)));
        Assert.False(Holds(FreeMail("contact.emailDomain", true)));
        var gmail = Lead with { Contact = Lead.Contact with { Email = "budi@Gmail.com" } };
        Assert.True(Holds(FreeMail("contact.email", true), gmail));
        var none = Lead with { Contact = Lead.Contact with { Email = null } };
        Assert.False(Holds(FreeMail("contact.emailDomain", true), none));
        Assert.False(Holds(FreeMail("contact.emailDomain", false), none));
    }

    [Fact]
    public void All_any_and_not_combine_conditions()
    {
        Assert.True(Holds(AllOf(Is("source", "whatsapp"), Present("contact.company"))));
        Assert.False(Holds(AllOf(Is("source", "whatsapp"), Is("source", "referral"))));
        Assert.True(Holds(AnyOf(Is("source", "referral"), Present("contact.company"))));
        Assert.False(Holds(AnyOf(Is("source", "referral"), Is("source", "event"))));
        Assert.True(Holds(Negate(Is("source", "referral"))));
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(14, 0)]
    [InlineData(15, 1)]
    [InlineData(20, 6)]
    [InlineData(34, 20)]
    [InlineData(400, 20)]
    public void Decay_takes_a_point_a_day_after_the_grace_period_up_to_the_cap(int days, int lost)
    {
        var model = DefaultScoringModel.Create();
        var fresh = model.Score(Lead);
        var later = model.Score(Lead, LastTouch.AddDays(days).AddHours(1));

        Assert.Equal(Math.Clamp(fresh.Reasons.Sum(r => r.Points) - lost, 0, 100), later.Value);
        if (lost == 0) Assert.DoesNotContain(later.Reasons, r => r.Rule == ScoringModel.DecayRule);
        else Assert.Contains(later.Reasons, r => r.Rule == ScoringModel.DecayRule && r.Points == -lost);
    }

    [Fact]
    public void The_default_document_is_valid_and_round_trips_through_json()
    {
        Assert.Empty(ModelValidator.Validate(DefaultScoringModel.Document));
        var json = JsonSerializer.Serialize(DefaultScoringModel.Document, new JsonSerializerOptions(JsonSerializerDefaults.Web));
        var back = JsonSerializer.Deserialize<ModelDocument>(json, new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
        Assert.Equal(DefaultScoringModel.Create().Score(Lead), RuleLanguage.Compile(back, "1").Score(Lead), new ResultComparer());
        Assert.Contains("\"A\":70", json);
    }

    [Fact]
    public void Validation_reports_each_problem_against_its_field()
    {
        var json = """
        {
          "rules": [
            { "id": "Bad Id", "category": "vibes", "points": 0, "explanation": "", "when": { "field": "contact.shoeSize", "exists": true } },
            { "id": "ok", "category": "negative", "points": 5, "explanation": "x", "when": { "field": "touches", "containsAny": ["a"] } },
            { "id": "ok", "category": "fit", "points": 5, "explanation": "x", "when": { "all": [ { "field": "source", "equals": 3 }, { "field": "source", "exists": true, "in": ["a"] } ] } },
            { "id": "n", "category": "fit", "points": 5, "explanation": "x", "when": { "field": "source", "gte": 3 } },
            { "id": "m", "category": "fit", "points": 5, "explanation": "x" },
            { "id": "k", "category": "fit", "points": 5, "explanation": "x", "when": { "any": [] } }
          ],
          "gradeCutoffs": { "A": 50, "B": 60, "C": 10 },
          "qualification": { "mql": 80, "sql": 70 },
          "decay": { "pointsPerDay": -1 }
        }
        """;
        var doc = JsonSerializer.Deserialize<ModelDocument>(json, new JsonSerializerOptions(JsonSerializerDefaults.Web))!;

        var errors = ModelValidator.Validate(doc);

        Assert.Equal(
            new[]
            {
                "decay.pointsPerDay", "gradeCutoffs", "qualification", "rules[0].category", "rules[0].explanation", "rules[0].id",
                "rules[0].points", "rules[0].when.field", "rules[1].points", "rules[1].when.containsAny", "rules[2].id",
                "rules[2].when.all[0].equals", "rules[2].when.all[1]", "rules[3].when.gte", "rules[4].when", "rules[5].when.any",
            },
            errors.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("contact.emailDomain", errors["rules[0].when.field"][0]);
    }

    [Fact]
    public void A_model_without_rules_is_refused()
    {
        Assert.Contains("rules", ModelValidator.Validate(new ModelDocument()).Keys);
    }

    [Fact]
    public void Nesting_deeper_than_the_limit_is_refused()
    {
        var c = Is("source", "whatsapp");
        for (var i = 0; i < ModelValidator.MaxDepth; i++) c = Negate(c);
        var doc = new ModelDocument { Rules = [new RuleDocument { Id = "r", Category = "fit", Points = 1, Explanation = "x", When = c }] };

        Assert.Single(ModelValidator.Validate(doc));
    }

    private sealed class ResultComparer : IEqualityComparer<ScoreResult>
    {
        public bool Equals(ScoreResult? x, ScoreResult? y) =>
            x!.Value == y!.Value && x.Grade == y.Grade && x.Reasons.SequenceEqual(y.Reasons);

        public int GetHashCode(ScoreResult obj) => obj.Value;
    }
}
