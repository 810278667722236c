using Smarketing.Contracts;
using Smarketing.Ingestion.Domain;

namespace Smarketing.Ingestion.Tests;

public class AdClickRulesTests
{
    private static readonly DateTime Now = new(2026, 11, 23, 2, 0, 0, DateTimeKind.Utc);

    private static CaptureLead WhatsAppLead(AdClickInfo click) => new()
    {
        EventId = "wa-2026-000042",
        Source = "whatsapp",
        Contact = new ContactInfo("Sari", Phone: "0812-1111-2222"),
        AdClick = click,
    };

    [Fact]
    public void A_click_to_whatsapp_referral_is_kept_trimmed_and_named_meta()
    {
        var (lead, errors) = LeadValidator.Validate(WhatsAppLead(new AdClickInfo(
            CtwaClid: " ARAkLkA8rmlFeiCktEJQ-QTwRiyYHAFDLMNDBH0CD3qpjd0HR4irJ6LEkR7JwFF4XvnO2E4Nx0-eM-GABDLOPaOdRMv-_zfUQ2a ",
            SourceId: "120208765432100123", SourceUrl: "https://fb.me/3abcXYZ", Headline: "  Billboard   Sudirman  ")), Now);

        Assert.Empty(errors);
        var click = lead!.AdClick!;
        Assert.StartsWith("ARAkLkA8", click.CtwaClid);
        Assert.EndsWith("zfUQ2a", click.CtwaClid);
        Assert.Equal("Billboard Sudirman", click.Headline);
        Assert.Equal("meta", click.Platform);
    }

    [Theory]
    [InlineData("google", "Cj0KCQiA_click-id")]
    [InlineData("tiktok", null)]
    public void The_platform_follows_the_click_id(string platform, string? gclid)
    {
        var click = gclid is null ? new AdClickInfo(Ttclid: "E.C.P.abc_123") : new AdClickInfo(Gclid: gclid);
        Assert.Equal(platform, click.Platform);
    }

    [Fact]
    public void Meta_cookies_are_accepted_in_their_own_shape_only()
    {
        var (good, errors) = LeadValidator.Validate(WhatsAppLead(new AdClickInfo(
            Fbc: "fb.1.1554763741205.AbCdEfGhIjKlMnOpQrStUvWxYz1234567890", Fbp: "fb.1.1596403881668.1116446470")), Now);
        Assert.Empty(errors);
        Assert.NotNull(good!.AdClick);

        var (bad, refused) = LeadValidator.Validate(WhatsAppLead(new AdClickInfo(Fbc: "AbCdEf", Fbp: "fb.1.1596403881668.abc")), Now);
        Assert.Null(bad);
        Assert.Contains("adClick.fbc", refused.Keys);
        Assert.Contains("adClick.fbp", refused.Keys);
    }

    [Fact]
    public void An_oversized_or_ill_formed_click_id_is_refused_per_field_and_nothing_is_accepted()
    {
        var (lead, errors) = LeadValidator.Validate(WhatsAppLead(new AdClickInfo(
            Gclid: new string('a', AdClickRules.MaxClickIdLength + 1), Fbclid: "abc def", Ttclid: "abc<script>",
            SourceId: "ad/1", SourceUrl: "javascript:alert(1)", Headline: "line\u0007break")), Now);

        Assert.Null(lead);
        Assert.Equal(
            ["adClick.fbclid", "adClick.gclid", "adClick.headline", "adClick.sourceId", "adClick.sourceUrl", "adClick.ttclid"],
            errors.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("at most 512", errors["adClick.gclid"][0]);
    }

    [Fact]
    public void Blank_click_fields_leave_no_click()
    {
        var (lead, errors) = LeadValidator.Validate(WhatsAppLead(new AdClickInfo(Gclid: " ", Headline: "")), Now);
        Assert.Empty(errors);
        Assert.Null(lead!.AdClick);
    }
}
