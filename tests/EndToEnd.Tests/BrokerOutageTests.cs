using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;

namespace Smarketing.EndToEnd.Tests;

[Collection(SmarketingCollection.Name)]
[Trait("Category", "EndToEnd")]
public sealed class BrokerOutageTests(SmarketingFixture fixture)
{
    private const int LeadCount = 60;
    private static readonly TimeSpan Spacing = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// Capture keeps answering 202 while RabbitMQ is down (the outbox holds the events), and once it is back every
    /// lead arrives downstream exactly once: re-sent outbox rows and redelivered messages must not double anything.
    /// </summary>
    [Fact]
    public async Task Leads_posted_while_the_broker_restarts_each_arrive_downstream_exactly_once()
    {
        var campaign = $"outage-{Leads.UniqueSuffix()}";
        var consumers = await fixture.ConsumersAsync();
        var posting = PostSteadilyAsync(campaign);

        await Task.Delay(TimeSpan.FromSeconds(3));
        try
        {
            await fixture.App.StopResourceAsync("messaging");
            await Task.Delay(TimeSpan.FromSeconds(5));
        }
        finally
        {
            await fixture.App.StartResourceAsync("messaging");
        }
        var answers = await posting;

        Assert.All(answers, a => Assert.True(a.Status == HttpStatusCode.Accepted, $"lead {a.Index} answered {(int)a.Status}"));
        var leadIds = answers.Select(a => a.LeadId!.Value).ToArray();
        Assert.Equal(LeadCount, leadIds.Distinct().Count());

        foreach (var leadId in leadIds)
        {
            await fixture.WaitForLeadAsync(leadId, l => l["owner"] is not null, TimeSpan.FromSeconds(120));
        }
        // Everything ingestion stored has been confirmed by the broker, so no re-send is still on its way.
        await CaptureCalls.PollAsync("the outage leads' outbox", TimeSpan.FromSeconds(60), async () => (object?)await fixture.CountAsync(
            "ingestiondb", """SELECT count(*) FROM outbox_messages WHERE "SentAt" IS NULL AND "Body"->>'campaign' = @c""", ("c", campaign)),
            unsent => (long)unsent == 0);

        foreach (var leadId in leadIds)
        {
            var lead = await fixture.WaitForLeadAsync(leadId, _ => true);
            var timeline = lead["timeline"]!.AsArray();
            Assert.Single(timeline, t => t!["type"]!.GetValue<string>() == "received");
            Assert.DoesNotContain(timeline, t => t!["type"]!.GetValue<string>() == "merged");
            Assert.Equal(1, lead["touches"]!.GetValue<int>());
        }
        Assert.Equal((long)LeadCount, await fixture.CountAsync("assignmentdb",
            """SELECT count(*) FROM lead_assignments WHERE "LeadId" = ANY(@ids)""", ("ids", leadIds)));
        Assert.Equal((long)LeadCount, await fixture.CountAsync("assignmentdb",
            """SELECT count(DISTINCT "LeadId") FROM lead_assignments WHERE "LeadId" = ANY(@ids)""", ("ids", leadIds)));
        await fixture.WaitForConsumersAsync(consumers);
    }

    private sealed record Answer(int Index, HttpStatusCode Status, Guid? LeadId);

    /// <summary>One hot lead every <see cref="Spacing"/>, about fifteen seconds in all, whatever the broker is doing.</summary>
    private async Task<IReadOnlyList<Answer>> PostSteadilyAsync(string campaign)
    {
        var answers = new List<Answer>();
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < LeadCount; i++)
        {
            var due = Spacing * i - clock.Elapsed;
            if (due > TimeSpan.Zero) await Task.Delay(due);
            var body = CaptureBodies.Hot($"{campaign}-{i}", campaign, $"{campaign}-{i}@tokoabc.co.id");
            using var response = await fixture.PostLeadAsync(body);
            var leadId = response.StatusCode == HttpStatusCode.Accepted
                ? JsonNode.Parse(await response.Content.ReadAsStringAsync())!["leadId"]!.GetValue<Guid>()
                : (Guid?)null;
            answers.Add(new Answer(i, response.StatusCode, leadId));
        }
        return answers;
    }
}
