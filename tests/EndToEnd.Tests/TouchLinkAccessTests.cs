using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Smarketing.EndToEnd.Tests;

/// <summary>A tracked one-tap link is not a bearer credential: it needs the current owner's live session and ends with its step.</summary>
[Collection(SmarketingCollection.Name)]
[Trait("Category", "EndToEnd")]
public sealed class TouchLinkAccessTests(SmarketingFixture fixture)
{
    [Fact]
    public async Task A_touch_link_works_only_for_the_current_owner_with_a_session_and_expires_with_its_step_or_a_reassignment()
    {
        var leadId = (await SmarketingFixture.ReadJsonAsync(await fixture.PostLeadAsync(Leads.Hot("touch-link"))))["leadId"]!.GetValue<Guid>();
        var lead = await fixture.WaitForLeadAsync(leadId, l => l["owner"] is not null && l["followUps"]!.AsArray().Count >= 5);
        var ownerRepId = lead["owner"]!["repId"]!.GetValue<Guid>();
        var reps = await fixture.Gateway.GetFromJsonAsync<JsonArray>("/api/sales-reps");
        var otherRepId = reps!.Where(r => r!["active"]!.GetValue<bool>() && !r["away"]!.GetValue<bool>())
            .Select(r => r!["repId"]!.GetValue<Guid>()).First(id => id != ownerRepId);

        using var owner = Tapper(await Users.CreateAsync(fixture, "sales_rep", ownerRepId));
        using var otherRep = Tapper(await Users.CreateAsync(fixture, "sales_rep", otherRepId));
        using var manager = Tapper(await Users.CreateAsync(fixture, "sales_manager"));
        using var anonymous = Tapper(null);

        var steps = await StepsAsync(owner, leadId);
        var firstCall = Link(steps[0], "call");
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(firstCall)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await otherRep.GetAsync(firstCall)).StatusCode);
        using (var tap = await owner.GetAsync(firstCall))
        {
            Assert.Equal(HttpStatusCode.Redirect, tap.StatusCode);
            Assert.StartsWith("tel:+62", tap.Headers.Location!.ToString());
        }

        // The tap completed a step: every link of that step has expired with it (another channel, so not a repeated tap).
        var touched = await fixture.WaitForLeadAsync(leadId, l => l["followUps"]!.AsArray().Any(f => f!["status"]!.GetValue<string>() == "done"));
        var status = touched["followUps"]!.AsArray().ToDictionary(f => f!["taskId"]!.GetValue<Guid>(), f => f!["status"]!.GetValue<string>());
        var done = steps.First(s => status.GetValueOrDefault(TaskId(s)) == "done");
        Assert.Equal(HttpStatusCode.NotFound, (await owner.GetAsync(Link(done, "whatsapp"))).StatusCode);

        // An open step's link was handed to the owner; after a reassignment it works for nobody (the old owner's taps
        // while the reassignment travels are real touches, and do not make the link a repeat for anyone else).
        var open = Link(steps.First(s => status.GetValueOrDefault(TaskId(s)) is "pending" or "overdue"), "whatsapp");
        Assert.Equal(HttpStatusCode.OK, (await manager.PostAsJsonAsync($"/api/leads/{leadId}/reassign", new { repId = otherRepId, reason = "touch-link test" })).StatusCode);
        await WaitForAsync(async () => (await owner.GetAsync(open)).StatusCode == HttpStatusCode.Forbidden, "the old owner refused");
        Assert.Equal(HttpStatusCode.NotFound, (await otherRep.GetAsync(open)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await manager.GetAsync(open)).StatusCode);

        // The new owner's own, fresh link works.
        var fresh = Link((await StepsAsync(otherRep, leadId))[0], "whatsapp");
        Assert.Equal(HttpStatusCode.Redirect, (await otherRep.GetAsync(fresh)).StatusCode);
    }

    private static Guid TaskId(JsonNode step) => step["taskId"]!.GetValue<Guid>();

    private HttpClient Tapper(string? bearer)
    {
        var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = fixture.Gateway.BaseAddress };
        if (bearer is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        return client;
    }

    private static string Link(JsonNode step, string channel) => step["links"]!.AsObject()
        .Single(p => p.Key.Equals(channel, StringComparison.OrdinalIgnoreCase)).Value!.GetValue<string>();

    /// <summary>The lead's open steps in the rep's due list, by step (the list may lag the assignment a moment).</summary>
    private static async Task<List<JsonNode>> StepsAsync(HttpClient rep, Guid leadId)
    {
        var until = Uri.EscapeDataString(DateTimeOffset.UtcNow.AddDays(60).ToString("O"));
        List<JsonNode> steps = [];
        await WaitForAsync(async () =>
        {
            var due = await rep.GetFromJsonAsync<JsonArray>($"/api/followups/due?owner=me&until={until}");
            steps = due!.Where(t => t!["leadId"]!.GetValue<Guid>() == leadId).Select(t => t!).OrderBy(t => t["step"]!.GetValue<int>()).ToList();
            return steps.Count >= 2 && steps.All(s => s["links"]!["call"] is not null);
        }, "the lead's steps in the due list");
        return steps;
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Waited 30 s for {what}.");
            await Task.Delay(250);
        }
    }
}
