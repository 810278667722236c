using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Smarketing.EndToEnd.Tests;

[Collection(SmarketingCollection.Name)]
[Trait("Category", "EndToEnd")]
public sealed class FunnelTests(SmarketingFixture fixture)
{
    [Fact]
    public async Task The_funnel_counts_leads_qualified_and_assigned_per_campaign()
    {
        var campaign = $"funnel-{Leads.UniqueSuffix()}";
        var other = $"funnel-other-{Leads.UniqueSuffix()}";
        var hot1 = await AcceptedLeadIdAsync(Leads.Hot(campaign));
        var hot2 = await AcceptedLeadIdAsync(Leads.Hot(campaign));
        var poor = await AcceptedLeadIdAsync(Leads.Poor(campaign));
        await AcceptedLeadIdAsync(Leads.Hot(other));
        await fixture.WaitForLeadAsync(hot1, l => l["owner"] is not null);
        await fixture.WaitForLeadAsync(hot2, l => l["owner"] is not null);
        await fixture.WaitForLeadAsync(poor, l => l["score"] is not null);

        var row = await FunnelRowAsync(campaign, r => r["assigned"]!.GetValue<int>() == 2);

        Assert.Equal(3, row["leads"]!.GetValue<int>());
        Assert.Equal(2, row["qualified"]!.GetValue<int>());
        Assert.Equal(2, row["assigned"]!.GetValue<int>());
        Assert.Equal(0, row["won"]!.GetValue<int>());
        Assert.Equal(2.0 / 3.0, row["qualifiedRate"]!.GetValue<double>(), 3);
        Assert.Equal(0.0, row["winRate"]!.GetValue<double>());
        Assert.Null(row["leadRate"]); // no traffic reported for the campaign: no visits to divide by
        Assert.Null(row["costPerWon"]); // nothing won yet
        Assert.Null(row["medianSpeedToLeadSeconds"]); // nobody contacted yet
        var otherRow = await FunnelRowAsync(other, r => r["leads"]!.GetValue<int>() == 1);
        Assert.Equal(1, otherRow["leads"]!.GetValue<int>());
    }

    [Fact]
    public async Task Five_activities_and_a_won_outcome_show_in_the_lead_and_the_funnel()
    {
        var campaign = $"won-{Leads.UniqueSuffix()}";
        var leadId = await AcceptedLeadIdAsync(Leads.Hot(campaign));
        await fixture.WaitForLeadAsync(leadId, l => l["followUps"]!.AsArray().Count >= 5);

        var channels = new[] { "call", "whatsapp", "call", "email", "meeting" };
        var outcomes = new[] { "no-answer", "replied", "connected", "replied", "meeting-set" };
        for (var i = 0; i < channels.Length; i++)
        {
            var logged = await fixture.Gateway.PostAsJsonAsync($"/api/leads/{leadId}/activities",
                new { type = channels[i], outcome = outcomes[i], notes = $"touch {i + 1}" });
            Assert.Equal(HttpStatusCode.Created, logged.StatusCode);
        }
        var outcome = new { result = "won", value = 75_000_000, currency = "IDR", reason = "Signed for three months" };
        var won = await fixture.Gateway.PostAsJsonAsync($"/api/leads/{leadId}/outcome", outcome);
        Assert.Equal(HttpStatusCode.OK, won.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await fixture.Gateway.PostAsJsonAsync($"/api/leads/{leadId}/outcome", outcome)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await fixture.Gateway.PostAsJsonAsync($"/api/leads/{leadId}/outcome",
            new { result = "lost", reason = "changed mind" })).StatusCode);

        var lead = await fixture.WaitForLeadAsync(leadId, l => l["status"]!.GetValue<string>() == "won" && l["activities"]!.AsArray().Count == 5 &&
            l["followUps"]!.AsArray().Count(s => s!["status"]!.GetValue<string>() == "done") == 5);
        Assert.Equal(75_000_000m, lead["outcome"]!["value"]!.GetValue<decimal>());
        var steps = lead["followUps"]!.AsArray();
        Assert.Equal(5, steps.Count(s => s!["status"]!.GetValue<string>() == "done"));
        Assert.All(steps.Where(s => s!["status"]!.GetValue<string>() != "done"), s => Assert.Equal("cancelled", s!["status"]!.GetValue<string>()));

        var row = await FunnelRowAsync(campaign, r => r["won"]!.GetValue<int>() == 1);
        Assert.Equal(1, row["leads"]!.GetValue<int>());
        Assert.Equal(1, row["contacted"]!.GetValue<int>());
        Assert.Equal(1, row["won"]!.GetValue<int>());
        Assert.Equal(75_000_000m, row["revenue"]!.GetValue<decimal>());
        Assert.Equal(1.0, row["winRate"]!.GetValue<double>(), 3);
        Assert.Equal(5.0, row["avgTouchesPerLead"]!.GetValue<double>(), 3);
        Assert.NotNull(row["medianSpeedToLeadSeconds"]);

        var csv = await fixture.Gateway.GetStringAsync($"/api/reports/funnel?groupBy=campaign&format=csv");
        var header = csv.Split('\n')[0];
        Assert.StartsWith("key,visits,clicks,spend,leads", header);
        Assert.Contains(csv.Split('\n'), line => line.StartsWith(campaign + ",", StringComparison.Ordinal));
    }

    private async Task<Guid> AcceptedLeadIdAsync(object lead)
    {
        var response = await fixture.PostLeadAsync(lead);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await SmarketingFixture.ReadJsonAsync(response))["leadId"]!.GetValue<Guid>();
    }

    private async Task<JsonNode> FunnelRowAsync(string campaign, Func<JsonNode, bool> until)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(45);
        var last = "";
        while (DateTime.UtcNow < deadline)
        {
            last = await fixture.Gateway.GetStringAsync("/api/reports/funnel?groupBy=campaign");
            var row = JsonNode.Parse(last)!["rows"]!.AsArray().FirstOrDefault(r => r!["key"]!.GetValue<string>() == campaign);
            if (row is not null && until(row)) return row;
            await Task.Delay(300);
        }
        throw new TimeoutException($"The funnel row for {campaign} did not reach the expected state; last: {last}");
    }
}
