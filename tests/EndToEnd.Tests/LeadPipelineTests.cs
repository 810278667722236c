using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Smarketing.EndToEnd.Tests;

[Collection(SmarketingCollection.Name)]
[Trait("Category", "EndToEnd")]
public sealed class LeadPipelineTests(SmarketingFixture fixture)
{
    [Fact]
    public async Task A_hot_lead_is_stored_scored_assigned_and_given_a_cadence()
    {
        var response = await fixture.PostLeadAsync(Leads.Hot("pipeline-hot"));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var accepted = await SmarketingFixture.ReadJsonAsync(response);
        Assert.False(accepted["duplicate"]!.GetValue<bool>());
        Assert.False(accepted["merged"]!.GetValue<bool>());
        var leadId = accepted["leadId"]!.GetValue<Guid>();

        var lead = await fixture.WaitForLeadAsync(leadId, l => l["owner"] is not null && l["score"] is not null && l["followUps"]!.AsArray().Count >= 5);

        Assert.Equal("assigned", lead["status"]!.GetValue<string>());
        Assert.Equal("+6281", lead["contact"]!["phone"]!.GetValue<string>()[..5]);
        var score = lead["score"]!;
        Assert.Equal("A", score["grade"]!.GetValue<string>());
        Assert.Equal("sql", score["qualification"]!.GetValue<string>());
        Assert.InRange(score["value"]!.GetValue<int>(), 70, 100);
        var reasons = score["reasons"]!.AsArray();
        Assert.Contains(reasons, r => r!["rule"]!.GetValue<string>() == "intent.budget-large");
        Assert.All(reasons, r => Assert.False(string.IsNullOrWhiteSpace(r!["explanation"]!.GetValue<string>())));
        Assert.Equal(score["value"]!.GetValue<int>(), Math.Clamp(reasons.Sum(r => r!["points"]!.GetValue<int>()), 0, 100));
        Assert.False(string.IsNullOrEmpty(lead["owner"]!["name"]!.GetValue<string>()));

        var followUps = lead["followUps"]!.AsArray();
        Assert.True(followUps.Count >= 5, $"expected five or more follow-ups, got {followUps.Count}");
        Assert.All(followUps, f => Assert.Contains(f!["status"]!.GetValue<string>(), new[] { "pending", "overdue" }));
        var due = followUps.Select(f => f!["dueAt"]!.GetValue<DateTime>()).ToList();
        Assert.Equal(due.Order(), due);
        Assert.True(due[^1] - due[0] <= TimeSpan.FromDays(16), "the cadence spans about two weeks");
    }

    [Fact]
    public async Task The_same_event_twice_is_stored_and_published_once()
    {
        var lead = Leads.Hot("pipeline-duplicate");
        var first = await fixture.PostLeadAsync(lead);
        var second = await fixture.PostLeadAsync(lead);

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var a = await SmarketingFixture.ReadJsonAsync(first);
        var b = await SmarketingFixture.ReadJsonAsync(second);
        Assert.Equal(a["leadId"]!.GetValue<Guid>(), b["leadId"]!.GetValue<Guid>());
        Assert.True(b["duplicate"]!.GetValue<bool>());

        var leadId = a["leadId"]!.GetValue<Guid>();
        var eventId = (string)lead.GetType().GetProperty("eventId")!.GetValue(lead)!;
        Assert.Equal(1L, await fixture.QueryAsync<long>("ingestiondb",
            """SELECT count(*) FROM lead_events WHERE "EventId" = @id""", ("id", eventId)));
        Assert.Equal(1L, await fixture.QueryAsync<long>("ingestiondb",
            """SELECT count(*) FROM outbox_messages WHERE "Body"->>'leadId' = @lead""", ("lead", leadId.ToString())));

        var view = await fixture.WaitForLeadAsync(leadId, l => l["owner"] is not null);
        Assert.Equal(1, view["touches"]!.GetValue<int>());
        Assert.Single(view["timeline"]!.AsArray(), t => t!["type"]!.GetValue<string>() == "received");
    }

    [Fact]
    public async Task A_second_event_for_the_same_phone_merges_into_the_open_lead()
    {
        var phone = Leads.UniquePhone();
        var first = await SmarketingFixture.ReadJsonAsync(await fixture.PostLeadAsync(Leads.Hot("pipeline-merge", phone)));
        var international = "+62 " + phone[1..].Replace("-", " ");
        var secondResponse = await fixture.Gateway.PostAsJsonAsync("/api/leads", new
        {
            eventId = $"wa-{Leads.UniqueSuffix()}",
            source = "whatsapp",
            campaign = "pipeline-merge",
            contact = new { phone = international },
            interest = new { message = "Apakah lokasi Sudirman masih tersedia bulan depan?" },
        });

        Assert.Equal(HttpStatusCode.Accepted, secondResponse.StatusCode);
        var second = await SmarketingFixture.ReadJsonAsync(secondResponse);
        Assert.True(second["merged"]!.GetValue<bool>());
        Assert.Equal(first["leadId"]!.GetValue<Guid>(), second["leadId"]!.GetValue<Guid>());

        var lead = await fixture.WaitForLeadAsync(first["leadId"]!.GetValue<Guid>(), l => l["touches"]!.GetValue<int>() == 2 &&
            l["score"]?["reasons"]?.AsArray().Any(r => r!["rule"]!.GetValue<string>() == "engagement.repeat") == true);
        Assert.Equal(2, lead["touches"]!.GetValue<int>());
    }

    [Fact]
    public async Task An_invalid_lead_gets_per_field_errors_and_stores_nothing()
    {
        var eventId = $"bad-{Leads.UniqueSuffix()}";
        var response = await fixture.PostLeadAsync(new
        {
            eventId,
            source = "carrier-pigeon",
            contact = new { email = "not-an-email", phone = "12" },
            interest = new { timeline = "someday" },
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await SmarketingFixture.ReadJsonAsync(response);
        var errors = problem["errors"]!.AsObject();
        Assert.True(errors.ContainsKey("source"));
        Assert.True(errors.ContainsKey("contact.email"));
        Assert.True(errors.ContainsKey("contact.phone"));
        Assert.True(errors.ContainsKey("interest.timeline"));
        Assert.Equal(0L, await fixture.QueryAsync<long>("ingestiondb",
            """SELECT count(*) FROM lead_events WHERE "EventId" = @id""", ("id", eventId)));
    }

    [Fact]
    public async Task Malformed_json_oversized_bodies_and_missing_keys_are_refused()
    {
        using var malformed = new StringContent("{ \"eventId\": ", System.Text.Encoding.UTF8, "application/json");
        var bad = await fixture.Gateway.PostAsync("/api/leads", malformed);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);

        var huge = new { eventId = "huge", source = "website-form", contact = new { email = "a@b.co" }, interest = new { message = new string('x', 70_000) } };
        var tooLarge = await fixture.PostLeadAsync(huge);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);

        using var anonymous = fixture.Client();
        var unauthorised = await anonymous.PostAsJsonAsync("/api/leads", Leads.Hot("pipeline-anonymous"));
        Assert.Equal(HttpStatusCode.Unauthorized, unauthorised.StatusCode);
    }

    [Fact]
    public async Task A_low_quality_lead_stays_in_nurture_without_an_owner()
    {
        var response = await fixture.PostLeadAsync(Leads.Poor("pipeline-poor"));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var leadId = (await SmarketingFixture.ReadJsonAsync(response))["leadId"]!.GetValue<Guid>();

        var lead = await fixture.WaitForLeadAsync(leadId, l => l["score"] is not null);

        Assert.Equal("nurture", lead["score"]!["qualification"]!.GetValue<string>());
        Assert.Equal("D", lead["score"]!["grade"]!.GetValue<string>());
        Assert.Equal("nurture", lead["status"]!.GetValue<string>());
        Assert.Null(lead["owner"]);
        Assert.Contains(lead["score"]!["reasons"]!.AsArray(), r => r!["points"]!.GetValue<int>() < 0);
        Assert.Equal(0L, await fixture.QueryAsync<long>("assignmentdb",
            """SELECT count(*) FROM lead_assignments WHERE "LeadId" = @id""", ("id", leadId)));
    }
}
