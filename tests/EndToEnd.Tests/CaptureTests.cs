using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Smarketing.EndToEnd.Tests;

[Collection(SmarketingCollection.Name)]
[Trait("Category", "EndToEnd")]
public sealed class CaptureTests(SmarketingFixture fixture)
{
    private const string CountEvents = """SELECT count(*) FROM lead_events WHERE "EventId" LIKE @prefix""";
    private const string CountLeadReceived = """
        SELECT count(*) FROM outbox_messages
        WHERE "MessageType" = 'Smarketing.Contracts.LeadReceived' AND "Body"->>'eventId' LIKE @prefix
        """;

    [Fact]
    public async Task A_batch_of_500_stores_exactly_its_valid_items_and_sending_it_again_stores_nothing()
    {
        var campaign = $"batch-{Leads.UniqueSuffix()}";
        var like = campaign + "-%";
        var bad = new Dictionary<int, string> { [7] = "contact.email", [123] = "source", [499] = "contact" };
        var items = Enumerable.Range(0, 500).Select(i => CaptureBodies.Nurture($"{campaign}-{i}", campaign)).ToList();
        items[7]["contact"]!["email"] = "budi at tokoabc";
        items[123]["source"] = "carrier-pigeon";
        items[499].Remove("contact");
        var batch = new JsonObject { ["leads"] = new JsonArray([.. items]) }.ToJsonString();

        var first = await fixture.PostBatchAsync(batch);

        Assert.Equal(Enumerable.Range(0, 500), first.Select(r => r!["index"]!.GetValue<int>()));
        foreach (var (index, field) in bad)
        {
            Assert.Equal(400, first[index]!["status"]!.GetValue<int>());
            Assert.True(first[index]!["errors"]!.AsObject().ContainsKey(field), $"item {index}: {first[index]}");
        }
        var good = first.Where(r => !bad.ContainsKey(r!["index"]!.GetValue<int>())).ToList();
        Assert.All(good, r => Assert.Equal(202, r!["status"]!.GetValue<int>()));
        Assert.All(good, r => Assert.False(r!["merged"]!.GetValue<bool>()));
        Assert.Equal(497, good.Select(r => r!["leadId"]!.GetValue<Guid>()).Distinct().Count());
        Assert.Equal(497L, await fixture.CountAsync("ingestiondb", CountEvents, ("prefix", like)));
        Assert.Equal(497L, await fixture.CountAsync("ingestiondb", CountLeadReceived, ("prefix", like)));

        var again = await fixture.PostBatchAsync(batch);

        foreach (var (index, _) in bad) Assert.Equal(400, again[index]!["status"]!.GetValue<int>());
        foreach (var r in good)
        {
            var repeat = again[r!["index"]!.GetValue<int>()]!;
            Assert.Equal(200, repeat["status"]!.GetValue<int>());
            Assert.True(repeat["duplicate"]!.GetValue<bool>());
            Assert.Equal(r["leadId"]!.GetValue<Guid>(), repeat["leadId"]!.GetValue<Guid>());
        }
        Assert.Equal(497L, await fixture.CountAsync("ingestiondb", CountEvents, ("prefix", like)));
        Assert.Equal(497L, await fixture.CountAsync("ingestiondb", CountLeadReceived, ("prefix", like)));
        var row = await fixture.FunnelRowAsync(campaign, r => r["leads"]!.GetValue<int>() >= 497);
        Assert.Equal(497, row["leads"]!.GetValue<int>());
    }

    [Fact]
    public async Task Single_captures_sent_at_once_are_each_answered_for_their_own_lead_a_repeated_event_once_and_a_shared_contact_as_one_lead()
    {
        // Sent together, these share group commits in ingestion: 30 new contacts, 10 touches of one phone (each with its
        // own event and email) and one event 8 times. Each request must still get the answer for its own lead.
        var campaign = $"group-{Leads.UniqueSuffix()}";
        var phone = Leads.UniquePhone();
        var repeated = Leads.Hot(campaign);
        var bodies = Enumerable.Range(0, 30).Select(_ => Leads.Hot(campaign))
            .Concat(Enumerable.Range(0, 10).Select(_ => Leads.Hot(campaign, phone: phone)))
            .Concat(Enumerable.Repeat(repeated, 8))
            .ToList();

        var responses = await Task.WhenAll(bodies.Select(fixture.PostLeadAsync));
        var answers = await Task.WhenAll(responses.Select(async r => (r.StatusCode, Body: await SmarketingFixture.ReadJsonAsync(r))));
        Guid LeadOf(int i) => answers[i].Body["leadId"]!.GetValue<Guid>();

        var fresh = answers[..30];
        Assert.All(fresh, a => Assert.Equal(HttpStatusCode.Accepted, a.StatusCode));
        Assert.Equal(30, Enumerable.Range(0, 30).Select(LeadOf).Distinct().Count());
        foreach (var i in Enumerable.Range(0, 30))
        {
            Assert.Equal(1L, await fixture.CountAsync("ingestiondb", """SELECT "Touches" FROM leads WHERE "Id" = @id""", ("id", LeadOf(i))));
        }

        var touches = answers[30..40];
        Assert.All(touches, a => Assert.Equal(HttpStatusCode.Accepted, a.StatusCode));
        var sharedLead = LeadOf(30);
        Assert.All(Enumerable.Range(30, 10), i => Assert.Equal(sharedLead, LeadOf(i)));
        Assert.Equal(1, touches.Count(a => !a.Body["merged"]!.GetValue<bool>()));
        Assert.Equal(10L, await fixture.CountAsync("ingestiondb", """SELECT "Touches" FROM leads WHERE "Id" = @id""", ("id", sharedLead)));

        var resent = answers[40..];
        Assert.Equal(1, resent.Count(a => a.StatusCode == HttpStatusCode.Accepted));
        Assert.Equal(7, resent.Count(a => a.StatusCode == HttpStatusCode.OK && a.Body["duplicate"]!.GetValue<bool>()));
        Assert.Single(Enumerable.Range(40, 8).Select(LeadOf).Distinct());
        Assert.DoesNotContain(LeadOf(40), Enumerable.Range(0, 40).Select(LeadOf));

        // One LeadReceived per stored event: 30 + 10 + 1.
        Assert.Equal(41L, await fixture.CountAsync("ingestiondb", """
            SELECT count(*) FROM outbox_messages WHERE "MessageType" = 'Smarketing.Contracts.LeadReceived' AND "Body"->>'campaign' = @campaign
            """, ("campaign", campaign)));
        // And they did share commits: rows inserted by one transaction carry its id (xmin), and lead_events is never
        // updated, so 41 events stored one transaction each would show 41 different ones.
        var transactions = await fixture.CountAsync("ingestiondb", """
            SELECT count(DISTINCT xmin::text) FROM lead_events WHERE "Payload"->>'campaign' = @campaign
            """, ("campaign", campaign));
        Assert.True(transactions < 41, $"the 41 events were stored in {transactions} transactions: no group commit");
    }

    [Fact]
    public async Task Within_one_batch_a_repeated_event_is_a_duplicate_a_repeated_contact_a_merge_and_a_wrong_type_fails_alone()
    {
        var campaign = $"batch-merge-{Leads.UniqueSuffix()}";
        var first = CaptureBodies.Nurture($"{campaign}-a", campaign);
        var sameContact = CaptureBodies.Nurture($"{campaign}-b", campaign);
        sameContact["contact"]!["email"] = $"{campaign}-a@gmail.com";
        var other = CaptureBodies.Nurture($"{campaign}-c", campaign);
        var wrongType = CaptureBodies.Nurture($"{campaign}-d", campaign);
        wrongType["contact"]!["email"] = 42;
        var batch = new JsonObject { ["leads"] = new JsonArray(first, first.DeepClone(), sameContact, other, wrongType) }.ToJsonString();

        var results = await fixture.PostBatchAsync(batch);

        var leadId = results[0]!["leadId"]!.GetValue<Guid>();
        Assert.Equal([202, 200, 202, 202, 400], results.Select(r => r!["status"]!.GetValue<int>()));
        Assert.True(results[4]!["errors"]!.AsObject().ContainsKey("contact.email"), results[4]!.ToJsonString());
        Assert.True(results[1]!["duplicate"]!.GetValue<bool>());
        Assert.Equal(leadId, results[1]!["leadId"]!.GetValue<Guid>());
        Assert.True(results[2]!["merged"]!.GetValue<bool>());
        Assert.Equal(leadId, results[2]!["leadId"]!.GetValue<Guid>());
        Assert.NotEqual(leadId, results[3]!["leadId"]!.GetValue<Guid>());
        Assert.Equal(3L, await fixture.CountAsync("ingestiondb", CountEvents, ("prefix", campaign + "-%")));
        Assert.Equal(2L, await fixture.CountAsync("ingestiondb", """SELECT "Touches" FROM leads WHERE "Id" = @id""", ("id", leadId)));
    }

    [Fact]
    public async Task Traffic_for_two_campaigns_shows_in_the_funnel_with_exact_visits_spend_lead_rate_and_cost_per_lead()
    {
        var a = $"traffic-a-{Leads.UniqueSuffix()}";
        var b = $"traffic-b-{Leads.UniqueSuffix()}";
        var day = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1).ToString("yyyy-MM-dd");
        var leads = new JsonArray(CaptureBodies.Nurture($"{a}-1", a), CaptureBodies.Nurture($"{a}-2", a), CaptureBodies.Nurture($"{b}-1", b));
        Assert.All(await fixture.PostBatchAsync(new JsonObject { ["leads"] = leads }.ToJsonString()),
            r => Assert.Equal(202, r!["status"]!.GetValue<int>()));

        var firstReport = await fixture.PostTrafficAsync(new { campaign = a, source = "google-ads", date = day, visits = 900, clicks = 120, spend = 2_000_000, currency = "IDR" });
        Assert.Equal(HttpStatusCode.Accepted, firstReport.StatusCode);
        var stored = await SmarketingFixture.ReadJsonAsync(firstReport);
        Assert.Equal(a, stored["campaign"]!.GetValue<string>());
        Assert.Equal(day, stored["date"]!.GetValue<string>());
        Assert.Equal(900, stored["visits"]!.GetValue<int>());
        Assert.False(stored["replaced"]!.GetValue<bool>());
        Assert.Equal(HttpStatusCode.Accepted, (await fixture.PostTrafficAsync(new { campaign = a, source = "meta", date = day, visits = 200, clicks = 30, spend = 500_000 })).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await fixture.PostTrafficAsync(new { campaign = b, source = "google-ads", date = day, visits = 50, clicks = 60, spend = 300_000 })).StatusCode);
        await fixture.FunnelRowAsync(a, r => r["visits"]!.GetValue<long>() == 1100);

        // The same (campaign, source, date) again replaces the earlier figures rather than adding to them.
        var replacement = await fixture.PostTrafficAsync(new { campaign = a, source = "google-ads", date = day, visits = 800, clicks = 100, spend = 1_000_000 });
        Assert.Equal(HttpStatusCode.Accepted, replacement.StatusCode);
        Assert.True((await SmarketingFixture.ReadJsonAsync(replacement))["replaced"]!.GetValue<bool>());

        var rowA = await fixture.FunnelRowAsync(a, r => r["visits"]!.GetValue<long>() == 1000 && r["leads"]!.GetValue<int>() == 2);
        Assert.Equal(130, rowA["clicks"]!.GetValue<long>());
        Assert.Equal(1_500_000m, rowA["spend"]!.GetValue<decimal>());
        Assert.Equal(0.002, rowA["leadRate"]!.GetValue<double>(), 9);
        Assert.Equal(750_000m, rowA["costPerLead"]!.GetValue<decimal>());
        var rowB = await fixture.FunnelRowAsync(b, r => r["visits"]!.GetValue<long>() == 50 && r["leads"]!.GetValue<int>() == 1);
        Assert.Equal(60, rowB["clicks"]!.GetValue<long>());
        Assert.Equal(300_000m, rowB["spend"]!.GetValue<decimal>());
        Assert.Equal(0.02, rowB["leadRate"]!.GetValue<double>(), 9);
        Assert.Equal(300_000m, rowB["costPerLead"]!.GetValue<decimal>());
        Assert.Equal(3L, await fixture.CountAsync("ingestiondb",
            """SELECT count(*) FROM outbox_messages WHERE "MessageType" = 'Smarketing.Contracts.TrafficRecorded' AND "Body"->>'campaign' = @a""", ("a", a)));
    }

    [Fact]
    public async Task An_invalid_traffic_report_gets_per_field_errors_and_stores_nothing()
    {
        var campaign = $"traffic-bad-{Leads.UniqueSuffix()}";
        var future = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(3).ToString("yyyy-MM-dd");

        var response = await fixture.PostTrafficAsync(new { campaign, source = " ", date = future, visits = -5, clicks = 3, spend = -1, currency = "rupiah" });
        var malformedDate = await fixture.PostTrafficAsync(new { campaign, source = "google-ads", date = "20/11/2026" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = (await SmarketingFixture.ReadJsonAsync(response))["errors"]!.AsObject();
        Assert.Equal(["currency", "date", "source", "spend", "visits"], errors.Select(e => e.Key).Order(StringComparer.Ordinal));
        Assert.Equal(HttpStatusCode.BadRequest, malformedDate.StatusCode);
        Assert.True((await SmarketingFixture.ReadJsonAsync(malformedDate))["errors"]!.AsObject().ContainsKey("date"));
        Assert.Equal(0L, await fixture.CountAsync("ingestiondb", """SELECT count(*) FROM traffic_days WHERE "Campaign" = @c""", ("c", campaign)));
    }

    [Fact]
    public async Task A_contact_whose_lead_was_closed_gets_a_new_lead_linked_to_the_old_one()
    {
        var campaign = $"reopen-{Leads.UniqueSuffix()}";
        var email = $"{campaign}@tokoabc.co.id";
        var first = await AcceptedAsync(CaptureBodies.Hot($"{campaign}-1", campaign, email, name: "BUDI  SANTOSO"));
        var lead = await fixture.WaitForLeadAsync(first, l => l["followUps"]!.AsArray().Count > 0);
        Assert.Equal("Budi Santoso", lead["contact"]!["name"]!.GetValue<string>());

        var lost = await fixture.Gateway.PostAsJsonAsync($"/api/leads/{first}/outcome", new { result = "lost", reason = "chose a competitor" });
        Assert.Equal(HttpStatusCode.OK, lost.StatusCode);
        await CaptureCalls.PollAsync("the closed lead in ingestion", TimeSpan.FromSeconds(30), async () =>
            (object?)await fixture.CountAsync("ingestiondb", """SELECT count(*) FROM leads WHERE "Id" = @id AND NOT "IsOpen" """, ("id", first)),
            closed => (long)closed == 1);

        var second = await fixture.PostLeadAsync(CaptureBodies.Hot($"{campaign}-2", campaign, email));
        Assert.Equal(HttpStatusCode.Accepted, second.StatusCode);
        var reopened = await SmarketingFixture.ReadJsonAsync(second);
        var secondId = reopened["leadId"]!.GetValue<Guid>();
        Assert.NotEqual(first, secondId);
        Assert.False(reopened["merged"]!.GetValue<bool>());
        Assert.Equal(first.ToString(), await fixture.QueryAsync<string>("ingestiondb",
            """SELECT "PreviousLeadId"::text FROM leads WHERE "Id" = @id""", ("id", secondId)));

        var third = await SmarketingFixture.ReadJsonAsync(await fixture.PostLeadAsync(CaptureBodies.Hot($"{campaign}-3", campaign, email)));
        Assert.True(third["merged"]!.GetValue<bool>());
        Assert.Equal(secondId, third["leadId"]!.GetValue<Guid>());
    }

    [Fact]
    public async Task A_capture_lead_published_on_the_broker_as_plain_json_or_in_an_envelope_becomes_a_lead()
    {
        var campaign = $"broker-{Leads.UniqueSuffix()}";
        var raw = CaptureBodies.Nurture($"{campaign}-raw", campaign);
        var enveloped = CaptureBodies.Nurture($"{campaign}-envelope", campaign);
        var envelope = new JsonObject
        {
            ["messageId"] = Guid.NewGuid(),
            ["messageType"] = new JsonArray("urn:message:Smarketing.Contracts:CaptureLead"),
            ["message"] = enveloped,
        };
        await using var broker = await RawBroker.ConnectAsync(fixture);

        await broker.PublishAsync(RawBroker.CaptureLeadExchange, raw.ToJsonString(), "application/json");
        await broker.PublishAsync(RawBroker.CaptureLeadExchange, raw.ToJsonString(), "application/json");
        await broker.PublishAsync(RawBroker.CaptureLeadExchange, envelope.ToJsonString(), "application/vnd.masstransit+json");

        foreach (var body in new[] { raw, enveloped })
        {
            var email = body["contact"]!["email"]!.GetValue<string>();
            var found = await CaptureCalls.PollAsync($"the lead of {email}", TimeSpan.FromSeconds(45), async () =>
                JsonNode.Parse(await fixture.Gateway.GetStringAsync($"/api/leads?q={Uri.EscapeDataString(email)}")),
                page => page["total"]!.GetValue<int>() > 0);
            var item = Assert.Single(found["items"]!.AsArray())!;
            Assert.Equal(campaign, item["campaign"]!.GetValue<string>());
        }
        // The broker path shares the HTTP path's idempotency: the same event over HTTP is a duplicate of it.
        var again = await fixture.PostLeadAsync(raw);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(1L, await fixture.CountAsync("ingestiondb", CountEvents, ("prefix", $"{campaign}-raw")));
    }

    [Fact]
    public async Task An_invalid_capture_lead_on_the_broker_is_rejected_to_the_error_queue_with_its_reason()
    {
        var eventId = $"broker-bad-{Leads.UniqueSuffix()}";
        var body = new JsonObject { ["eventId"] = eventId, ["source"] = "carrier-pigeon", ["contact"] = new JsonObject { ["email"] = "not-an-email" } };
        await using var broker = await RawBroker.ConnectAsync(fixture);

        await broker.PublishAsync(RawBroker.CaptureLeadExchange, body.ToJsonString(), "application/json");

        var (_, headers) = await broker.TakeAsync(RawBroker.CaptureLeadErrorQueue, eventId, TimeSpan.FromSeconds(30));
        var described = string.Join("; ", headers.Select(h => $"{h.Key}={h.Value}"));
        Assert.True(headers.TryGetValue("MT-Fault-Message", out var reason), described);
        Assert.Contains("source", reason);
        Assert.Contains("contact.email", reason);
        Assert.Contains("MessageRejectedException", headers.GetValueOrDefault("MT-Fault-ExceptionType") ?? described);
        Assert.Equal(0L, await fixture.CountAsync("ingestiondb", CountEvents, ("prefix", eventId)));
    }

    private async Task<Guid> AcceptedAsync(JsonObject lead)
    {
        var response = await fixture.PostLeadAsync(lead);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await SmarketingFixture.ReadJsonAsync(response))["leadId"]!.GetValue<Guid>();
    }
}
