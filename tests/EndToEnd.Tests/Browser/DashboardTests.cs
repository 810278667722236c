using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Smarketing.EndToEnd.Tests.Browser;

/// <summary>
/// The AppHost's ops dashboard in headless Chromium at 1280 px, signed in with the token the AppHost printed: resources,
/// one lead's trace across the services with its logs, the lead counters, and a restart from the resources page.
/// </summary>
[Collection(SmarketingCollection.Name)]
[Trait("Category", "EndToEnd")]
public sealed class DashboardTests(SmarketingFixture fixture) : IAsyncLifetime
{
    private static readonly string[] LeadPath = ["gateway", "ingestion", "scoring", "assignment", "followup", "reporting"];
    private Browser _browser = null!;

    public async Task InitializeAsync() => _browser = await Browser.LaunchAsync();

    public async Task DisposeAsync() => await _browser.DisposeAsync();

    [Fact]
    public async Task After_a_lead_every_resource_is_running_and_healthy_its_trace_spans_the_services_with_linked_logs_and_the_counter_moved()
    {
        // A marketing tool that traces its own calls passes a W3C traceparent: that trace id is the lead's trace.
        var traceId = ActivityTraceId.CreateRandom().ToHexString();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/leads") { Content = System.Net.Http.Json.JsonContent.Create(Leads.Hot("dashboard-trace")) };
        request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
        using var posted = await fixture.Capture.SendAsync(request);
        var leadId = (await SmarketingFixture.ReadJsonAsync(posted))["leadId"]!.GetValue<Guid>();
        await fixture.WaitForLeadAsync(leadId, l => l["owner"] is not null && l["followUps"]!.AsArray().Count > 0, TimeSpan.FromSeconds(60));

        var page = await SignInAsync();

        foreach (var resource in fixture.App.Resources)
        {
            await Assertions.Expect(page.GetByTestId($"resource-state-{resource.Name}")).ToHaveTextAsync("Running");
            await Assertions.Expect(page.GetByTestId($"resource-health-{resource.Name}")).ToHaveTextAsync("Healthy");
        }
        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"), "the resources page scrolls sideways at 1280 px");

        await page.GetByTestId("nav-traces").ClickAsync();
        await page.GotoAsync($"/#/traces/{traceId}");
        var resources = page.GetByTestId("trace-resource-count");
        await Assertions.Expect(resources).ToHaveTextAsync(new Regex("^[4-9]"), new() { Timeout = 45_000 });
        var shown = (await page.GetByTestId("span-resource").AllInnerTextsAsync()).Select(t => t.Trim()).ToHashSet();
        Assert.True(LeadPath.Count(shown.Contains) >= 4, $"the trace shows {string.Join(", ", shown)}");
        Assert.Contains("gateway", shown);
        Assert.Contains("scoring", shown);

        await page.GetByTestId("trace-logs-link").ClickAsync();
        await Assertions.Expect(page.GetByTestId("log-row").First).ToBeVisibleAsync(new() { Timeout = 30_000 });
        var links = page.GetByTestId("log-trace-link");
        await Assertions.Expect(links.First).ToHaveAttributeAsync("href", new Regex(traceId));
        Assert.Contains(await page.GetByTestId("log-row").AllInnerTextsAsync(), row => row.Contains(leadId.ToString()));

        await page.GetByTestId("nav-metrics").ClickAsync();
        var captured = page.GetByTestId("metric-total-smarketing.leads.captured");
        await Assertions.Expect(captured).ToHaveTextAsync(new Regex("[1-9]"), new() { Timeout = 30_000 });
        Assert.True(double.Parse(Regex.Match(await captured.InnerTextAsync(), "[0-9][0-9,.]*").Value.Replace(",", ""), CultureInfo.InvariantCulture) > 0);
    }

    [Fact]
    public async Task Restarting_scoring_from_the_dashboard_brings_it_back_running_and_the_next_lead_is_scored()
    {
        var restarts = fixture.App["scoring"].Restarts;
        var pids = fixture.App["scoring"].ProcessIds;
        var page = await SignInAsync();

        await page.GetByTestId("resource-restart-scoring").ClickAsync();

        await Assertions.Expect(page.GetByTestId("resource-state-scoring")).ToHaveTextAsync("Running", new() { Timeout = 90_000 });
        await Assertions.Expect(page.GetByTestId("resource-restart-scoring")).ToBeEnabledAsync(new() { Timeout = 90_000 });
        Assert.Equal(restarts + 1, fixture.App["scoring"].Restarts);
        Assert.Empty(fixture.App["scoring"].ProcessIds.Intersect(pids));
        await Assertions.Expect(page.GetByTestId("resource-health-scoring")).ToHaveTextAsync("Healthy", new() { Timeout = 30_000 });

        using var posted = await fixture.PostLeadAsync(Leads.Hot("dashboard-restart"));
        var leadId = (await SmarketingFixture.ReadJsonAsync(posted))["leadId"]!.GetValue<Guid>();
        var lead = await fixture.WaitForLeadAsync(leadId, l => l["score"] is { } score && score["grade"] is not null, TimeSpan.FromSeconds(60));
        Assert.Equal("A", lead["score"]!["grade"]!.GetValue<string>());
    }

    /// <summary>Opens the link the AppHost printed on start, which signs the browser in and lands on the resources.</summary>
    private async Task<IPage> SignInAsync()
    {
        var dashboard = fixture.App.Dashboard!;
        var page = await _browser.NewPageAsync(dashboard.Url);
        await page.GotoAsync(dashboard.LoginUrl);
        await Assertions.Expect(page.GetByTestId("resources-table")).ToBeVisibleAsync();
        return page;
    }
}
