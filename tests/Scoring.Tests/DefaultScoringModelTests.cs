using Smarketing.Contracts;
using Smarketing.Scoring.Domain;

namespace Smarketing.Scoring.Tests;

public class DefaultScoringModelTests
{
    private static readonly DateTime Received = new(2026, 11, 23, 1, 15, 0, DateTimeKind.Utc);
    private static readonly ScoringModel Model = DefaultScoringModel.Create();

    private static LeadReceived Touch(string source, ContactInfo contact, InterestInfo? interest = null, int touches = 1, DateTime? at = null) =>
        new(Guid.Empty, $"evt-{touches}", source, "billboard-jakarta-q4", at ?? Received, at ?? Received, contact, interest, null, touches > 1, touches);

    // The capture example of API.md, as Ingestion publishes it (email lower-case, phone E.164).
    private static readonly LeadReceived ApiExample = Touch(
        "website-form",
        new ContactInfo("Budi Santoso", "budi@tokoabc.co.id", "+6281234567890", "Toko ABC", "Owner", "Jakarta"),
        new InterestInfo("billboard", "Butuh billboard 4x8 di Sudirman bulan depan", 50_000_000m, "IDR", "this-month", ["Jl. Sudirman"]));

    [Fact]
    public void The_api_example_lead_is_a_hot_grade_a_sql()
    {
        var result = Model.Score(LeadProfile.From(ApiExample));

        // fit 10+10+10+5, intent form 10 + specific need 15 + locations 10 + budget ≥ 50 M 15 + this month 10.
        Assert.Equal(95, result.Value);
        Assert.Equal("A", result.Grade);
        Assert.Equal("sql", result.Qualification);
        Assert.Equal(DefaultScoringModel.Version.ToString(), result.ModelVersion);
        Assert.Equal(
            new[]
            {
                "fit.authority", "fit.business-email", "fit.company", "fit.target-city", "intent.budget-large",
                "intent.form", "intent.locations", "intent.specific-need", "intent.timeline-month",
            },
            result.Reasons.Select(r => r.Rule).Order(StringComparer.Ordinal));
        Assert.Equal(result.Value, result.Reasons.Sum(r => r.Points));
        Assert.All(result.Reasons, r => Assert.False(string.IsNullOrWhiteSpace(r.Explanation)));
    }

    [Fact]
    public void A_budget_of_exactly_fifty_million_counts_as_large_and_not_also_as_a_plain_budget()
    {
        var reasons = Model.Score(LeadProfile.From(ApiExample)).Reasons.Select(r => r.Rule).ToList();

        Assert.Contains("intent.budget-large", reasons);
        Assert.DoesNotContain("intent.budget", reasons);
    }

    [Fact]
    public void A_bare_price_question_from_free_mail_stays_with_marketing_as_grade_d()
    {
        var lead = Touch("landing-page", new ContactInfo(Email: "budi123@gmail.com"), new InterestInfo(Message: "harga?"));

        var result = Model.Score(LeadProfile.From(lead));

        // +10 for the landing-page form, -10 for the bare price question.
        Assert.Equal(0, result.Value);
        Assert.Equal("D", result.Grade);
        Assert.Equal("nurture", result.Qualification);
        var negative = Assert.Single(result.Reasons, r => r.Points < 0);
        Assert.Equal("negative.bare-price-question", negative.Rule);
        Assert.Equal(-10, negative.Points);
        Assert.DoesNotContain(result.Reasons, r => r.Rule == "fit.business-email");
    }

    [Fact]
    public void A_price_question_with_a_specific_need_is_not_penalised()
    {
        var lead = Touch("landing-page", new ContactInfo(Email: "budi123@gmail.com"), new InterestInfo(Message: "harga baliho 4x6?"));

        var result = Model.Score(LeadProfile.From(lead));

        Assert.DoesNotContain(result.Reasons, r => r.Rule == "negative.bare-price-question");
    }

    [Fact]
    public void Spam_is_clamped_at_zero_and_never_negative()
    {
        var lead = Touch("whatsapp", new ContactInfo(Phone: "+6281234567890"),
            new InterestInfo(Message: "Daftar slot gacor sekarang di www.contoh-judi.example"));

        var result = Model.Score(LeadProfile.From(lead));

        // +15 direct channel, -50 spam: -35 before the clamp.
        Assert.Equal(0, result.Value);
        Assert.Equal("D", result.Grade);
        Assert.Equal("nurture", result.Qualification);
        Assert.Contains(result.Reasons, r => r.Rule == "negative.spam" && r.Points == -50);
        Assert.Equal(-35, result.Reasons.Sum(r => r.Points));
    }

    [Fact]
    public void A_company_writing_from_free_mail_loses_points_instead_of_gaining_the_business_email_bonus()
    {
        var lead = Touch("quote-request", new ContactInfo(Email: "tokoabc@gmail.com", Company: "Toko ABC"));

        var result = Model.Score(LeadProfile.From(lead));

        // +10 company, +20 quote request, -5 free mail for a company.
        Assert.Equal(25, result.Value);
        Assert.Contains(result.Reasons, r => r.Rule == "negative.free-mail-b2b" && r.Points == -5);
        Assert.DoesNotContain(result.Reasons, r => r.Rule == "fit.business-email");
    }

    [Fact]
    public void A_merged_second_touch_adds_engagement_and_keeps_the_first_source()
    {
        var first = Touch("website-form", new ContactInfo(Email: "budi@tokoabc.co.id", Company: "Toko ABC"));
        var second = Touch("whatsapp", new ContactInfo(Phone: "+6281234567890"),
            new InterestInfo(Message: "Butuh billboard 4x8 di Sudirman bulan depan"), touches: 2, at: Received.AddHours(3));

        var before = Model.Score(LeadProfile.From(first));
        var merged = LeadProfile.From(first).Merge(second);
        var after = Model.Score(merged);

        // Before: company 10 + business email 10 + form 10. After: + specific need 15 + repeat 10.
        Assert.Equal(30, before.Value);
        Assert.Equal(55, after.Value);
        Assert.Equal("B", after.Grade);
        Assert.Equal("mql", after.Qualification);
        Assert.Equal("website-form", merged.Source);
        Assert.Equal(2, merged.Touches);
        Assert.Equal(Received.AddHours(3), merged.LastTouchAt);
        Assert.Equal("budi@tokoabc.co.id", merged.Contact.Email);
        Assert.Equal("+6281234567890", merged.Contact.Phone);
        Assert.Contains(after.Reasons, r => r.Rule == "engagement.repeat" && r.Points == 10);
        Assert.Contains(after.Reasons, r => r.Rule == "intent.form");
        Assert.DoesNotContain(after.Reasons, r => r.Rule == "intent.direct-channel");
    }

    [Fact]
    public void Merging_keeps_earlier_answers_the_new_touch_leaves_out()
    {
        var first = LeadProfile.From(ApiExample);
        var second = Touch("whatsapp", new ContactInfo(Phone: "+6281234567890"),
            new InterestInfo(Message: "Apakah masih tersedia?", Timeline: "unknown", Locations: ["Jl. Thamrin"]), touches: 2);

        var merged = first.Merge(second);

        Assert.Equal("Toko ABC", merged.Contact.Company);
        Assert.Equal(50_000_000m, merged.Interest.Budget);
        Assert.Equal("this-month", merged.Interest.Timeline);
        Assert.Equal(["Jl. Sudirman", "Jl. Thamrin"], merged.Interest.Locations);
        Assert.Equal("Butuh billboard 4x8 di Sudirman bulan depan\nApakah masih tersedia?", merged.Interest.Message);
    }
}
