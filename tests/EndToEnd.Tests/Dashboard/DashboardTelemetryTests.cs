using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Smarketing.EndToEnd.Tests.Dashboard;

/// <summary>What the services' telemetry tells ops through the dashboard's API, for one lead.</summary>
[Collection(SmarketingCollection.Name)]
[Trait("Category", "EndToEnd")]
public sealed class DashboardTelemetryTests(SmarketingFixture fixture)
{
    [Fact]
    public async Task A_hot_leads_trace_reaches_every_service_and_nothing_in_it_failed_or_was_retried()
    {
        var traceId = ActivityTraceId.CreateRandom().ToHexString();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/leads") { Content = JsonContent.Create(Leads.Hot("dashboard-telemetry")) };
        request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
        using var posted = await fixture.Capture.SendAsync(request);
        var leadId = (await SmarketingFixture.ReadJsonAsync(posted))["leadId"]!.GetValue<Guid>();
        await fixture.WaitForLeadAsync(leadId, l => l["owner"] is not null && l["followUps"]!.AsArray().Count >= 5, TimeSpan.FromSeconds(60));
        using var dashboard = await DashboardClient.SignInAsync(fixture);

        // Every service exports on its own timer (about every second), so the spans of one trace arrive out of order:
        // wait until every service has reported its part and Reporting has applied the lead's FollowUpScheduled.
        var services = new HashSet<string> { "gateway", "ingestion", "scoring", "assignment", "followup", "reporting" };
        var trace = await CaptureCalls.PollAsync("the lead's whole trace", TimeSpan.FromSeconds(30),
            () => dashboard.FindJsonAsync($"/api/telemetry/traces/{traceId}"),
            t => services.IsSubsetOf(t["resources"]!.AsArray().Select(r => (string)r!)) &&
                 t["spans"]!.AsArray().Count(s => (string)s!["resource"]! == "reporting" && ((string)s["name"]!).Contains("follow-up-scheduled") &&
                                                  (string)s["kind"]! == "Consumer") >= 1);

        var failed = trace["spans"]!.AsArray().Where(s => (string)s!["status"]! == "Error")
            .Select(s => $"{s!["resource"]}: {s["name"]}: {s["statusMessage"]}").ToList();
        Assert.True(failed.Count == 0, "failed spans (each one a retry):\n" + string.Join("\n", failed));

        var logs = (await dashboard.GetJsonAsync($"/api/telemetry/logs?traceId={traceId}"))["items"]!.AsArray();
        Assert.Contains(logs, l => (string)l!["resource"]! == "scoring" && ((string)l["message"]!).Contains(leadId.ToString()));
        Assert.All(logs, l => Assert.Equal(traceId, (string)l!["traceId"]!));
    }
}
