using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Smarketing.EndToEnd.Tests;

[Collection(SmarketingCollection.Name)]
[Trait("Category", "EndToEnd")]
public sealed class RoutingTests(SmarketingFixture fixture)
{
    [Fact]
    public async Task A_routing_rule_sends_its_leads_to_its_pool_and_a_rep_marked_away_receives_nothing()
    {
        var city = $"Kota{Leads.UniqueSuffix()}";
        var away = await CreateRepAsync("away");
        var present = await CreateRepAsync("present");
        using var manager = fixture.Client(await Users.CreateAsync(fixture, "sales_manager"));
        using var awayRep = fixture.Client(await Users.CreateAsync(fixture, "sales_rep", away));
        try
        {
            var rules = await manager.PutAsJsonAsync("/api/assignment/rules", new
            {
                rules = new[] { new { name = $"team-{city}", match = new { cities = new[] { city } }, pool = new[] { away, present } } },
                fallbackPool = Array.Empty<Guid>(),
            });
            Assert.Equal(HttpStatusCode.OK, rules.StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await awayRep.PutAsJsonAsync($"/api/sales-reps/{away}/away", new { away = true })).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await awayRep.PutAsJsonAsync($"/api/sales-reps/{present}/away", new { away = true })).StatusCode);

            var owners = new List<Guid>();
            for (var i = 0; i < 4; i++)
            {
                var lead = Leads.Hot($"routing-{city}");
                var json = System.Text.Json.JsonSerializer.SerializeToNode(lead, SmarketingFixture.Json)!;
                json["contact"]!["city"] = city;
                var leadId = (await SmarketingFixture.ReadJsonAsync(await fixture.Capture.PostAsJsonAsync("/api/leads", json)))["leadId"]!.GetValue<Guid>();
                var view = await fixture.WaitForLeadAsync(leadId, l => l["owner"] is not null);
                owners.Add(view["owner"]!["repId"]!.GetValue<Guid>());
            }

            Assert.All(owners, owner => Assert.Equal(present, owner));
        }
        finally
        {
            await manager.PutAsJsonAsync("/api/assignment/rules", new { rules = Array.Empty<object>(), fallbackPool = Array.Empty<Guid>() });
            await fixture.Gateway.DeleteAsync($"/api/sales-reps/{away}");
            await fixture.Gateway.DeleteAsync($"/api/sales-reps/{present}");
        }
    }

    [Fact]
    public async Task Bad_rules_are_refused_with_per_rule_errors_and_change_nothing()
    {
        var before = await fixture.Gateway.GetStringAsync("/api/assignment/rules");
        var response = await fixture.Gateway.PutAsJsonAsync("/api/assignment/rules", new
        {
            rules = new[] { new { name = "x", match = new { grades = new[] { "Z" } }, pool = new[] { Guid.NewGuid() } } },
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await SmarketingFixture.ReadJsonAsync(response))["errors"]!.AsObject();
        Assert.True(errors.ContainsKey("rules[0].pool"));
        Assert.True(errors.ContainsKey("rules[0].match.grades"));
        Assert.Equal(before, await fixture.Gateway.GetStringAsync("/api/assignment/rules"));
    }

    private async Task<Guid> CreateRepAsync(string label)
    {
        var created = await fixture.Gateway.PostAsJsonAsync("/api/sales-reps", new
        {
            name = $"Rep {label} {Leads.UniqueSuffix()}", email = $"{label}{Leads.UniqueSuffix()}@smarketing.local", capacity = 50, weight = 1,
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await SmarketingFixture.ReadJsonAsync(created))["repId"]!.GetValue<Guid>();
    }
}
