using Smarketing.Contracts;
using Smarketing.Ingestion.Domain;

namespace Smarketing.Ingestion.Tests;

public class LeadValidatorTests
{
    private static readonly DateTime Now = new(2026, 11, 23, 2, 0, 0, DateTimeKind.Utc);

    // The capture example of API.md, as a marketing tool sends it.
    private static readonly CaptureLead ApiExample = new()
    {
        EventId = "form-2026-000123",
        Source = "website-form",
        Campaign = "billboard-jakarta-q4",
        OccurredAt = new DateTimeOffset(2026, 11, 23, 8, 15, 0, TimeSpan.FromHours(7)),
        Contact = new ContactInfo("Budi Santoso", "budi@tokoabc.co.id", "0812-3456-7890", "Toko ABC", "Owner", "Jakarta"),
        Interest = new InterestInfo("billboard", "Butuh billboard 4x8 di Sudirman bulan depan", 50_000_000m, "IDR", "this-month", ["Jl. Sudirman"]),
        Utm = new UtmInfo("google", "cpc", "billboard-q4"),
        Consent = true,
        Attributes = new() { ["formId"] = "quote-v2" },
    };

    private static Dictionary<string, string[]> ErrorsOf(CaptureLead input)
    {
        var (lead, errors) = LeadValidator.Validate(input, Now);
        Assert.Null(lead);
        return errors;
    }

    [Fact]
    public void The_api_example_is_accepted_with_its_phone_in_e164_and_its_time_in_utc()
    {
        var (lead, errors) = LeadValidator.Validate(ApiExample, Now);

        Assert.Empty(errors);
        Assert.NotNull(lead);
        Assert.Equal("form-2026-000123", lead.EventId);
        Assert.Equal("website-form", lead.Source);
        Assert.Equal("+6281234567890", lead.Contact.Phone);
        Assert.Equal("budi@tokoabc.co.id", lead.Contact.Email);
        Assert.Equal(new DateTime(2026, 11, 23, 1, 15, 0, DateTimeKind.Utc), lead.OccurredAt);
        Assert.Equal(DateTimeKind.Utc, lead.OccurredAt.Kind);
        Assert.Equal(50_000_000m, lead.Interest!.Budget);
        Assert.Equal("IDR", lead.Interest.Currency);
        Assert.Equal(["Jl. Sudirman"], lead.Interest.Locations!);
        Assert.True(lead.Consent.Marketing);
        Assert.Null(lead.Consent.AdsPersonalisation);
        Assert.Equal("quote-v2", lead.Attributes["formId"]);
    }

    [Fact]
    public void A_valid_lead_is_normalised_and_a_budget_without_currency_is_in_rupiah()
    {
        var input = ApiExample with
        {
            Contact = new ContactInfo("  Budi   Santoso ", " Budi@TokoABC.co.id ", "+62 812 3456 7890", " Toko  ABC ", null, "Jakarta "),
            Interest = new InterestInfo(Message: "  Butuh baliho  ", Budget: 15_000_000m, Locations: ["  Jl.  Sudirman ", "  "]),
        };

        var (lead, errors) = LeadValidator.Validate(input, Now);

        Assert.Empty(errors);
        Assert.NotNull(lead);
        Assert.Equal(new ContactInfo("Budi Santoso", "budi@tokoabc.co.id", "+6281234567890", "Toko ABC", null, "Jakarta"), lead.Contact);
        Assert.Equal("IDR", lead.Interest!.Currency);
        Assert.Equal("Butuh baliho", lead.Interest.Message);
        Assert.Equal(["Jl. Sudirman"], lead.Interest.Locations!);
    }

    [Fact]
    public void Without_a_budget_no_currency_is_invented_and_a_given_currency_is_kept()
    {
        var noBudget = LeadValidator.Validate(ApiExample with { Interest = new InterestInfo(Message: "Butuh baliho") }, Now).Lead;
        var dollars = LeadValidator.Validate(ApiExample with { Interest = new InterestInfo(Budget: 5_000m, Currency: "USD") }, Now).Lead;

        Assert.Null(noBudget!.Interest!.Currency);
        Assert.Equal("USD", dollars!.Interest!.Currency);
    }

    [Fact]
    public void A_phone_alone_is_enough_contact()
    {
        var (lead, errors) = LeadValidator.Validate(ApiExample with { Contact = new ContactInfo(Phone: "081234567890") }, Now);

        Assert.Empty(errors);
        Assert.Equal("+6281234567890", lead!.Contact.Phone);
        Assert.Null(lead.Contact.Email);
    }

    [Fact]
    public void An_email_alone_is_enough_contact()
    {
        var (lead, errors) = LeadValidator.Validate(ApiExample with { Contact = new ContactInfo(Email: "budi@tokoabc.co.id") }, Now);

        Assert.Empty(errors);
        Assert.Equal("budi@tokoabc.co.id", lead!.Contact.Email);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void A_missing_event_id_is_reported_on_event_id(string? eventId) =>
        Assert.Equal(["eventId"], ErrorsOf(ApiExample with { EventId = eventId }).Keys);

    [Fact]
    public void An_event_id_may_be_128_characters_but_not_129()
    {
        Assert.Empty(LeadValidator.Validate(ApiExample with { EventId = new string('e', 128) }, Now).Errors);
        Assert.Equal(["eventId"], ErrorsOf(ApiExample with { EventId = new string('e', 129) }).Keys);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("facebook")]
    [InlineData("Website-Form")]
    public void A_missing_or_unknown_source_is_reported_on_source(string? source) =>
        Assert.Equal(["source"], ErrorsOf(ApiExample with { Source = source }).Keys);

    [Theory]
    [InlineData("website-form")]
    [InlineData("whatsapp")]
    [InlineData("quote-request")]
    [InlineData("landing-page")]
    [InlineData("ads-lead-form")]
    [InlineData("referral")]
    [InlineData("event")]
    [InlineData("import")]
    public void Every_source_named_in_the_api_is_accepted(string source) =>
        Assert.Empty(LeadValidator.Validate(ApiExample with { Source = source }, Now).Errors);

    [Fact]
    public void Neither_email_nor_phone_is_reported_on_contact()
    {
        Assert.Equal(["contact"], ErrorsOf(ApiExample with { Contact = new ContactInfo("Budi", Company: "Toko ABC") }).Keys);
        Assert.Equal(["contact"], ErrorsOf(ApiExample with { Contact = new ContactInfo(Email: " ", Phone: "") }).Keys);
        Assert.Equal(["contact"], ErrorsOf(ApiExample with { Contact = null }).Keys);
    }

    [Fact]
    public void A_bad_email_is_reported_on_contact_email_even_when_the_phone_is_good()
    {
        var errors = ErrorsOf(ApiExample with { Contact = new ContactInfo(Email: "not-an-email", Phone: "0812-3456-7890") });

        Assert.Equal(["contact.email"], errors.Keys);
        Assert.Contains("not-an-email", Assert.Single(errors["contact.email"]));
    }

    [Fact]
    public void An_unparsable_phone_is_reported_on_contact_phone() =>
        Assert.Equal(["contact.phone"], ErrorsOf(ApiExample with { Contact = new ContactInfo(Email: "budi@tokoabc.co.id", Phone: "12345") }).Keys);

    [Theory]
    [InlineData("soon")]
    [InlineData("This-Month")]
    public void An_unknown_timeline_is_reported_on_interest_timeline(string timeline) =>
        Assert.Equal(["interest.timeline"], ErrorsOf(ApiExample with { Interest = new InterestInfo(Timeline: timeline) }).Keys);

    [Theory]
    [InlineData("now")]
    [InlineData("this-month")]
    [InlineData("this-quarter")]
    [InlineData("later")]
    [InlineData("unknown")]
    public void Every_timeline_named_in_the_api_is_accepted(string timeline) =>
        Assert.Empty(LeadValidator.Validate(ApiExample with { Interest = new InterestInfo(Timeline: timeline) }, Now).Errors);

    [Fact]
    public void A_negative_budget_and_a_malformed_currency_are_reported_on_their_fields()
    {
        var errors = ErrorsOf(ApiExample with { Interest = new InterestInfo(Budget: -1m, Currency: "rp") });

        Assert.Equal(["interest.budget", "interest.currency"], errors.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void An_event_more_than_a_day_in_the_future_is_rejected_but_a_missing_time_means_now()
    {
        Assert.Equal(["occurredAt"], ErrorsOf(ApiExample with { OccurredAt = new DateTimeOffset(Now.AddDays(2)) }).Keys);

        var (lead, _) = LeadValidator.Validate(ApiExample with { OccurredAt = null }, Now);
        Assert.Equal(Now, lead!.OccurredAt);
    }

    [Fact]
    public void All_problems_are_reported_at_once()
    {
        var input = new CaptureLead
        {
            EventId = "",
            Source = "facebook",
            Contact = new ContactInfo(Email: "not-an-email", Phone: "nomor saya"),
            Interest = new InterestInfo(Timeline: "soon"),
        };

        var errors = ErrorsOf(input);

        Assert.Equal(
            ["contact.email", "contact.phone", "eventId", "interest.timeline", "source"],
            errors.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_shouted_name_is_title_cased_on_the_validated_lead()
    {
        var (lead, _) = LeadValidator.Validate(ApiExample with { Contact = ApiExample.Contact! with { Name = "BUDI  SANTOSO" } }, Now);

        Assert.Equal("Budi Santoso", lead!.Contact.Name);
    }

    [Fact]
    public void Nul_characters_which_postgresql_cannot_store_are_reported_on_their_fields()
    {
        var errors = ErrorsOf(ApiExample with
        {
            Contact = ApiExample.Contact! with { Company = "Toko\0ABC" },
            Interest = new InterestInfo(Locations: ["Jl.\0Sudirman"]),
            Attributes = new() { ["form\0Id"] = "x" },
        });

        Assert.Equal(["attributes", "contact.company", "interest.locations"], errors.Keys.Order(StringComparer.Ordinal));
    }
}
