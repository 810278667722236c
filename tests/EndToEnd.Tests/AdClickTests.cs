using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Smarketing.EndToEnd.Tests;

/// <summary>
/// The ad click ids of each touch (issue 20, item 1): captured, validated, kept per touch through a merge, carried on
/// LeadReceived to the read side, and shown on the lead and its timeline.
/// </summary>
[Collection(SmarketingCollection.Name)]
[Trait("Category", "EndToEnd")]
public sealed class AdClickTests(SmarketingFixture fixture)
{
    private const string CtwaClid = "ARAkLkA8rmlFeiCktEJQ-QTwRiyYHAFDLMNDBH0CD3qpjd0HR4irJ6LEkR7JwFF4XvnO2E4Nx0-eM-GABDLOPaOdRMv-_zfUQ2a";

    [Fact]
    public async Task A_click_to_whatsapp_lead_and_its_later_google_touch_each_keep_their_own_click_on_the_lead_and_timeline()
    {
        var suffix = Leads.UniqueSuffix();
        var phone = Leads.UniquePhone();
        var whatsapp = await fixture.PostLeadAsync(new
        {
            eventId = $"wa-{suffix}", source = "whatsapp", campaign = $"ctwa-{suffix}",
            contact = new { name = "Sari Dewi", phone, city = "Surabaya" },
            interest = new { product = "billboard", message = "Halo, saya lihat iklan billboard Anda" },
            adClick = new { ctwaClid = CtwaClid, sourceId = "120208765432100123", sourceUrl = "https://fb.me/3abcXYZ", headline = "Billboard Sudirman" },
        });
        Assert.Equal(HttpStatusCode.Accepted, whatsapp.StatusCode);
        var leadId = (await SmarketingFixture.ReadJsonAsync(whatsapp))["leadId"]!.GetValue<Guid>();

        var form = await fixture.PostLeadAsync(new
        {
            eventId = $"form-{suffix}", source = "website-form", campaign = $"search-{suffix}",
            contact = new { phone, email = $"sari{suffix}@tokoabc.co.id" },
            adClick = new { gclid = "Cj0KCQiA-test_gclid" },
            consent = new { marketing = true, adsPersonalisation = false },
        });
        var merged = await SmarketingFixture.ReadJsonAsync(form);
        Assert.True(merged["merged"]!.GetValue<bool>());
        Assert.Equal(leadId, merged["leadId"]!.GetValue<Guid>());

        var lead = await fixture.WaitForLeadAsync(leadId, l => l["captures"]?.AsArray().Count == 2);
        // The latest capture's consent is the lead's: this person said no to ads personalisation.
        Assert.True(lead["consent"]!["marketing"]!.GetValue<bool>());
        Assert.False(lead["consent"]!["adsPersonalisation"]!.GetValue<bool>());
        // The ad the lead came from is the first touch's.
        Assert.Equal("meta", lead["adPlatform"]!.GetValue<string>());
        Assert.Equal(CtwaClid, lead["adClick"]!["ctwaClid"]!.GetValue<string>());
        Assert.Equal("Billboard Sudirman", lead["adClick"]!["headline"]!.GetValue<string>());

        var captures = lead["captures"]!.AsArray().ToDictionary(c => c!["source"]!.GetValue<string>(), c => c!);
        Assert.Equal(CtwaClid, captures["whatsapp"]["adClick"]!["ctwaClid"]!.GetValue<string>());
        Assert.Null(captures["whatsapp"]["adClick"]!["gclid"]);
        Assert.Equal("Cj0KCQiA-test_gclid", captures["website-form"]["adClick"]!["gclid"]!.GetValue<string>());
        Assert.Null(captures["website-form"]["adClick"]!["ctwaClid"]);
        Assert.Equal("google", captures["website-form"]["adPlatform"]!.GetValue<string>());

        var timeline = lead["timeline"]!.AsArray().Select(t => t!["summary"]!.GetValue<string>()).ToList();
        Assert.Contains(timeline, line => line.Contains("a Meta click-to-WhatsApp ad \"Billboard Sudirman\"", StringComparison.Ordinal));
        Assert.Contains(timeline, line => line.StartsWith("New touch from website-form", StringComparison.Ordinal) && line.Contains("a Google ad", StringComparison.Ordinal));

        // Attribution credits ads and ad platforms from each touch's own click (the campaign filter picks the lead).
        var byPlatform = await AttributionAsync("adPlatform", $"ctwa-{suffix}");
        Assert.Equal((1.0, 0.0, 0.5), Credit(byPlatform, "meta"));
        Assert.Equal((0.0, 1.0, 0.5), Credit(byPlatform, "google"));
        var byAd = await AttributionAsync("ad", $"ctwa-{suffix}");
        Assert.Equal((1.0, 0.0, 0.5), Credit(byAd, "120208765432100123"));
        Assert.Equal((0.0, 1.0, 0.5), Credit(byAd, "(none)"));

        // Each touch's own click is stored with it on the capture side as well.
        Assert.Equal(1, await fixture.CountAsync("ingestiondb",
            """SELECT count(*) FROM lead_events WHERE "EventId" = @id AND "Payload" -> 'adClick' ->> 'gclid' = 'Cj0KCQiA-test_gclid'""", ("id", $"form-{suffix}")));
    }

    private async Task<JsonNode> AttributionAsync(string groupBy, string campaign)
    {
        var report = JsonNode.Parse(await fixture.Gateway.GetStringAsync($"/api/reports/attribution?groupBy={groupBy}&campaign={campaign}"))!;
        Assert.Equal(groupBy, report["groupBy"]!.GetValue<string>());
        return report;
    }

    private static (double First, double Last, double Linear) Credit(JsonNode report, string key)
    {
        var row = report["rows"]!.AsArray().Single(r => r!["key"]!.GetValue<string>() == key)!;
        return (row["firstTouchLeads"]!.GetValue<double>(), row["lastTouchLeads"]!.GetValue<double>(), row["linearLeads"]!.GetValue<double>());
    }

    [Fact]
    public async Task An_invalid_click_id_is_a_per_field_400_that_stores_nothing_alone_or_in_a_batch()
    {
        var eventId = $"form-{Leads.UniqueSuffix()}";
        var bad = await fixture.PostLeadAsync(new
        {
            eventId, source = "website-form",
            contact = new { email = $"bad{Leads.UniqueSuffix()}@tokoabc.co.id" },
            adClick = new { gclid = new string('a', 513), fbc = "not-a-cookie" },
        });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("application/problem+json", bad.Content.Headers.ContentType?.MediaType);
        var errors = (await SmarketingFixture.ReadJsonAsync(bad))["errors"]!.AsObject();
        Assert.Contains("adClick.gclid", errors.Select(e => e.Key));
        Assert.Contains("adClick.fbc", errors.Select(e => e.Key));

        var good = Leads.Hot($"batch-click-{Leads.UniqueSuffix()}");
        var results = await fixture.PostBatchAsync(new JsonObject
        {
            ["leads"] = new JsonArray(
                JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(good)),
                JsonNode.Parse($$"""{ "eventId": "{{eventId}}-b", "source": "website-form", "contact": { "phone": "{{Leads.UniquePhone()}}" }, "adClick": { "ttclid": "no spaces allowed" } }""")),
        }.ToJsonString());
        Assert.Equal(202, results[0]!["status"]!.GetValue<int>());
        Assert.Equal(400, results[1]!["status"]!.GetValue<int>());
        Assert.Contains("adClick.ttclid", results[1]!["errors"]!.AsObject().Select(e => e.Key));

        Assert.Equal(0, await fixture.CountAsync("ingestiondb", """SELECT count(*) FROM lead_events WHERE "EventId" LIKE @id""", ("id", eventId + "%")));

        var grouping = await fixture.Gateway.GetAsync("/api/reports/attribution?groupBy=adset");
        Assert.Equal(HttpStatusCode.BadRequest, grouping.StatusCode);
        Assert.Contains("groupBy", (await SmarketingFixture.ReadJsonAsync(grouping))["errors"]!.AsObject().Select(e => e.Key));
    }
}
