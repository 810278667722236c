using System.Diagnostics;
using System.Text.RegularExpressions;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Playwright;
using Npgsql;
using Smarketing.AppHost.Local;

namespace Smarketing.EndToEnd.Tests.Browser;

/// <summary>
/// Aspire's own dashboard in headless Chromium, signed in with the run's token: every resource running and healthy, one
/// lead's trace across the services, and a poison message counted on the messaging resource and moved back with its command.
/// </summary>
[Collection(SmarketingCollection.Name)]
[Trait("Category", "EndToEnd")]
public sealed class DashboardTests(SmarketingFixture fixture) : IAsyncLifetime
{
    private static readonly string[] LeadPath = ["gateway", "ingestion", "scoring", "assignment", "followup", "reporting"];
    private const string Queue = "ingestion-capture-lead";
    private Browser _browser = null!;

    public async Task InitializeAsync() => _browser = await Browser.LaunchAsync();

    public async Task DisposeAsync() => await _browser.DisposeAsync();

    [Fact]
    public async Task Signed_in_with_the_printed_token_every_resource_is_running_and_healthy()
    {
        var page = await SignInAsync();
        await Snap.OnFailureAsync(page, "resources", async () =>
        {
            // The dashboard lists everything but itself and the parameters (those are on their own tab).
            foreach (var resource in fixture.App.Resources.Where(r => r is not ParameterResource && r.Name != "aspire-dashboard"))
            {
                // Aspire's own helpers (a project's rebuilder) are hidden from the dashboard.
                var instances = fixture.App.Instances(resource.Name).Where(i => !i.Snapshot.IsHidden).ToList();
                foreach (var instance in instances)
                {
                    // A replica is listed under its instance name, a single instance under the resource's.
                    var row = Row(page, instances.Count > 1 ? instance.ResourceId : resource.Name);
                    await Assertions.Expect(row).ToContainTextAsync("Running");
                    Assert.Equal(Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy, instance.Snapshot.HealthStatus);
                    await Assertions.Expect(row).Not.ToContainTextAsync(new Regex("Unhealthy|Degraded|Starting|Waiting"));
                }
            }
        });
    }

    [Fact]
    public async Task A_posted_leads_trace_spans_at_least_five_of_the_six_services()
    {
        // A marketing tool that traces its own calls passes a W3C traceparent: that trace id is the lead's trace.
        var traceId = ActivityTraceId.CreateRandom().ToHexString();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/leads") { Content = System.Net.Http.Json.JsonContent.Create(Leads.Hot("dashboard-trace")) };
        request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
        using var posted = await fixture.Capture.SendAsync(request);
        var leadId = (await SmarketingFixture.ReadJsonAsync(posted))["leadId"]!.GetValue<Guid>();
        await fixture.WaitForLeadAsync(leadId, l => l["owner"] is not null && l["followUps"]!.AsArray().Count > 0, TimeSpan.FromSeconds(60));

        var page = await SignInAsync();
        await Snap.OnFailureAsync(page, "trace", async () =>
        {
            HashSet<string> shown = [];
            // Spans arrive in batches every second or so; the page is read again until the trace is whole.
            for (var deadline = DateTime.UtcNow.AddSeconds(60); DateTime.UtcNow < deadline; await Task.Delay(2000))
            {
                await page.GotoAsync($"/traces/detail/{traceId}");
                await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
                var text = await page.Locator("body").InnerTextAsync();
                shown = LeadPath.Where(service => Regex.IsMatch(text, $@"\b{service}\b")).ToHashSet();
                // Each service exports on its own schedule: wait for the entry point and five in all. A service that
                // consumed the lead in a batch with others records its work in the batch's own trace, linked to this
                // one, so one of the six may be missing here.
                if (shown.Count >= 5 && shown.Contains("gateway")) break;
            }
            Assert.True(shown.Count >= 5, $"the trace shows {string.Join(", ", shown)}");
            Assert.Contains("gateway", shown);
        });
    }

    [Fact]
    public async Task A_poison_message_is_counted_on_the_messaging_resource_and_its_command_moves_it_back_to_be_consumed_once()
    {
        var eventId = $"poison-{Leads.UniqueSuffix()}";
        var email = $"{eventId}@poison.example";
        // The "bug": ingestion's database refuses this contact, so every delivery fails until it is fixed.
        var trigger = $"poison_{eventId.Replace('-', '_')}";
        await ExecuteAsync($"""
            CREATE FUNCTION {trigger}() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              IF NEW."Email" = '{email}' THEN RAISE EXCEPTION 'simulated bug: cannot store %', NEW."Email"; END IF;
              RETURN NEW;
            END $$;
            CREATE TRIGGER {trigger} BEFORE INSERT ON leads FOR EACH ROW EXECUTE FUNCTION {trigger}();
            """);
        var page = await SignInAsync();
        await Snap.OnFailureAsync(page, "messaging", async () =>
        {
            try
            {
                await using (var broker = await RawBroker.ConnectAsync(fixture))
                {
                    await broker.PublishAsync(RawBroker.CaptureLeadExchange, CaptureBodies.Hot(eventId, "poison", email).ToJsonString(), "application/json");
                }
                // Retried with back-off, then parked in the error queue: the messaging resource counts it.
                using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(120));
                await fixture.App.Notifications.WaitForResourceAsync("messaging", e => ErrorMessages(e) >= 1, cancel.Token);
                Assert.Equal(0L, await CountLeadsAsync(email));

                // Which queue it waits in is on the resource (its "Error queues" property); the count is on its row,
                // linking to the management UI's queues, where the message itself is read.
                Assert.Matches($"{Queue}_error: [1-9]", Property(fixture.App.Instances("messaging").Single(), ErrorQueueExtensions.ErrorQueuesProperty));
                await page.GotoAsync("/");
                var count = Row(page, "messaging").GetByRole(AriaRole.Link, new() { NameRegex = new Regex("[1-9][0-9]* messages? in [1-9][0-9]* error queues?") });
                await Assertions.Expect(count.First).ToBeVisibleAsync();
                Assert.EndsWith("/#/queues", await count.First.GetAttributeAsync("href"));
            }
            finally
            {
                await ExecuteAsync($"DROP TRIGGER IF EXISTS {trigger} ON leads; DROP FUNCTION IF EXISTS {trigger}();");
            }

            await RunCommandAsync(page, "messaging", "Move error messages back");

            await CaptureCalls.PollAsync("the moved-back lead in ingestion", TimeSpan.FromSeconds(60),
                async () => await CountLeadsAsync(email) is var n && n > 0 ? (object)n : null, _ => true);
            using var drained = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await fixture.App.Notifications.WaitForResourceAsync("messaging", e => ErrorMessages(e) == 0, drained.Token);
            await Task.Delay(3000);
            Assert.Equal(1L, await CountLeadsAsync(email));
        });
    }

    private static long ErrorMessages(ResourceEvent e) =>
        Property(e, ErrorQueueExtensions.ErrorMessagesProperty) is { Length: > 0 } value ? Convert.ToInt64(value) : 0;

    private static string Property(ResourceEvent e, string name) =>
        e.Snapshot.Properties.FirstOrDefault(p => p.Name == name)?.Value?.ToString() ?? "";

    /// <summary>Opens the link printed on start, which signs the browser in and lands on the resources.</summary>
    private async Task<IPage> SignInAsync()
    {
        var page = await _browser.NewPageAsync(fixture.App.DashboardUrl);
        Assert.Contains("/login?t=", fixture.App.DashboardLoginUrl);
        await page.GotoAsync(fixture.App.DashboardLoginUrl);
        await Snap.OnFailureAsync(page, "sign-in", () =>
            Assertions.Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = "gateway" }).First).ToBeVisibleAsync(new() { Timeout = 30_000 }));
        return page;
    }

    private static async Task RunCommandAsync(IPage page, string resource, string command)
    {
        await page.GotoAsync("/");
        var row = Row(page, resource);
        var button = row.GetByRole(AriaRole.Button, new() { Name = command });
        if (await button.CountAsync() == 0)
        {
            await row.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("More|Actions|Commands", RegexOptions.IgnoreCase) }).First.ClickAsync();
            button = page.GetByRole(AriaRole.Menuitem, new() { Name = command });
        }
        await button.First.ClickAsync();
    }

    /// <summary>The grid row whose name is exactly <paramref name="name"/> ("messaging", not "messaging-epmd").</summary>
    private static ILocator Row(IPage page, string name) =>
        page.GetByRole(AriaRole.Row).Filter(new() { Has = page.GetByRole(AriaRole.Gridcell).First.GetByText(name, new() { Exact = true }) }).First;

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(fixture.App.GetConnectionString("ingestiondb"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private Task<long> CountLeadsAsync(string email) =>
        fixture.CountAsync("ingestiondb", """SELECT count(*) FROM leads WHERE "Email" = @email""", ("email", email));
}

/// <summary>On a failed assertion, the page as it was (HTML and a screenshot) under the temp directory, named in the failure.</summary>
internal static class Snap
{
    public static async Task OnFailureAsync(IPage page, string name, Func<Task> body)
    {
        try
        {
            await body();
        }
        catch (Exception ex)
        {
            var path = Path.Combine(Path.GetTempPath(), $"dashboard-{name}-{DateTime.UtcNow:HHmmss}");
            try
            {
                await File.WriteAllTextAsync(path + ".html", await page.ContentAsync());
                await page.ScreenshotAsync(new() { Path = path + ".png", FullPage = true });
            }
            catch (PlaywrightException) { }
            throw new Exception($"{ex.Message}\n(the page: {path}.html / .png)", ex);
        }
    }
}
