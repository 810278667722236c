using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Smarketing.EndToEnd.Tests;

[Collection(SmarketingCollection.Name)]
[Trait("Category", "EndToEnd")]
public sealed class ReassignmentTests(SmarketingFixture fixture)
{
    [Fact]
    public async Task A_manager_reassigns_a_lead_and_the_new_owner_takes_over_its_cadence()
    {
        var leadId = (await SmarketingFixture.ReadJsonAsync(await fixture.PostLeadAsync(Leads.Hot("reassign"))))["leadId"]!.GetValue<Guid>();
        var lead = await fixture.WaitForLeadAsync(leadId, l => l["owner"] is not null && l["followUps"]!.AsArray().Count >= 5);
        var fromRep = lead["owner"]!["repId"]!.GetValue<Guid>();
        var reps = await fixture.Gateway.GetFromJsonAsync<JsonArray>("/api/sales-reps");
        var toRep = reps!.Where(r => r!["active"]!.GetValue<bool>() && !r["away"]!.GetValue<bool>())
            .Select(r => r!["repId"]!.GetValue<Guid>()).First(id => id != fromRep);

        using var manager = fixture.Client(await Users.CreateAsync(fixture, "sales_manager"));
        using var oldOwner = fixture.Client(await Users.CreateAsync(fixture, "sales_rep", fromRep));
        using var newOwner = fixture.Client(await Users.CreateAsync(fixture, "sales_rep", toRep));

        Assert.Equal(HttpStatusCode.Forbidden, (await oldOwner.PostAsJsonAsync($"/api/leads/{leadId}/reassign", new { repId = toRep, reason = "mine" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await manager.PostAsJsonAsync($"/api/leads/{leadId}/reassign", new { repId = toRep })).StatusCode);

        var response = await manager.PostAsJsonAsync($"/api/leads/{leadId}/reassign", new { repId = toRep, reason = "Owner is on leave" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await SmarketingFixture.ReadJsonAsync(response);
        Assert.Equal(toRep, body["repId"]!.GetValue<Guid>());
        Assert.Equal(fromRep, body["previousRepId"]!.GetValue<Guid>());

        var moved = await fixture.WaitForLeadAsync(leadId, l => l["owner"]!["repId"]!.GetValue<Guid>() == toRep);
        Assert.Contains(moved["timeline"]!.AsArray(), t => t!["summary"]!.GetValue<string>() == $"Reassigned to {body["repName"]!.GetValue<string>()}: Owner is on leave");

        // The follow-up service moved the open steps: the new owner logs the touch, the old one no longer sees the lead.
        await WaitForAsync(async () => (await newOwner.PostAsJsonAsync($"/api/leads/{leadId}/activities",
            new { type = "call", outcome = "connected" })).StatusCode == HttpStatusCode.Created);
        Assert.Equal(HttpStatusCode.NotFound, (await oldOwner.GetAsync($"/api/leads/{leadId}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await newOwner.GetAsync($"/api/leads/{leadId}")).StatusCode);
    }

    [Fact]
    public async Task Reassigning_a_lead_nobody_owns_is_404()
    {
        var response = await fixture.Gateway.PostAsJsonAsync($"/api/leads/{Guid.NewGuid()}/reassign", new { reason = "no such lead" });
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("The condition did not hold within 30 s.");
            await Task.Delay(250);
        }
    }
}
