using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Smarketing.EndToEnd.Tests.Dashboard;

/// <summary>The AppHost's dashboard as ops use it: signed in with the printed token, watching and steering the resources.</summary>
[Collection(SmarketingCollection.Name)]
[Trait("Category", "EndToEnd")]
public sealed class DashboardResourceTests(SmarketingFixture fixture)
{
    [Fact]
    public async Task Without_the_printed_token_nothing_is_shown()
    {
        var dashboard = fixture.App.Dashboard!;
        using var anonymous = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(dashboard.Url) };

        using var api = await anonymous.GetAsync("/api/resources");
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType?.MediaType);
        using var page = await anonymous.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Equal("/login", page.Headers.Location?.OriginalString);
        using var wrong = await anonymous.GetAsync("/login?t=" + new string('x', dashboard.BrowserToken.Length));
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Empty(wrong.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies : []);

        // The telemetry port takes OTLP only: naming the dashboard's host and port there reaches no page and no command.
        using var otlp = new HttpClient { BaseAddress = new Uri(dashboard.OtlpEndpoint) };
        foreach (var (method, path) in new[] { (HttpMethod.Get, "/api/resources"), (HttpMethod.Post, "/api/resources/scoring/commands/stop"), (HttpMethod.Get, "/") })
        {
            using var request = new HttpRequestMessage(method, path);
            request.Headers.Host = new Uri(dashboard.Url).Authority;
            using var answer = await otlp.SendAsync(request);
            Assert.True(answer.StatusCode == HttpStatusCode.NotFound, $"{method} {path} on the OTLP port answered {(int)answer.StatusCode}");
        }
        Assert.Equal("Running", fixture.App.Resources.Single(r => r.Name == "scoring").State.ToString());
    }

    [Fact]
    public async Task Every_resource_is_listed_running_and_healthy_with_its_processes_and_no_secret_in_sight()
    {
        using var dashboard = await DashboardClient.SignInAsync(fixture);

        var items = (await dashboard.GetJsonAsync("/api/resources"))["items"]!.AsArray();

        var names = items.Select(i => (string)i!["name"]!).ToList();
        Assert.Equal(fixture.App.Resources.Select(r => r.Name), names);
        foreach (var item in items)
        {
            Assert.True((string)item!["state"]! == "Running" && (string)item["health"]!["status"]! == "Healthy", item.ToJsonString());
        }
        var scoring = items.Single(i => (string)i!["name"]! == "scoring")!;
        Assert.Equal(2, scoring["replicas"]!.AsArray().Count);
        Assert.All(scoring["replicas"]!.AsArray(), r => Assert.True((bool)r!["running"]! && (int)r["pid"]! > 0));
        Assert.Contains("messaging", scoring["references"]!.AsArray().Select(r => (string)r!));
        Assert.Contains(scoring["endpoints"]!.AsArray(), e => ((string)e!["url"]!).StartsWith("http://127.0.0.1:"));
        Assert.True((double)scoring["uptimeSeconds"]! > 0);

        var everything = items.ToJsonString();
        var secrets = fixture.App.Secrets;
        foreach (var secret in new[] { secrets.PostgresPassword, secrets.RabbitPassword, secrets.RedisPassword, secrets.ApiKey, secrets.AdminPassword, secrets.SigningKey! })
        {
            Assert.DoesNotContain(secret, everything);
        }
        var gateway = items.Single(i => (string)i!["name"]! == "gateway")!["environment"]!.AsArray();
        Assert.Contains(gateway, e => (string)e!["name"]! == "Gateway__AdminPassword" && (bool)e["secret"]! && (string)e["value"]! == "******");
    }

    [Fact]
    public async Task A_service_killed_from_outside_shows_exited_with_its_exit_code_and_the_restart_command_brings_it_back()
    {
        using var dashboard = await DashboardClient.SignInAsync(fixture);
        var before = await dashboard.ResourceAsync("followup");
        var pid = (int)before["pids"]![0]!;
        var restarts = (int)before["restarts"]!;

        using (var kill = Process.Start("kill", ["-KILL", pid.ToString()])) await kill.WaitForExitAsync();

        var exited = await dashboard.WaitForResourceAsync("followup", r => (string)r["state"]! == "Exited", TimeSpan.FromSeconds(30));
        Assert.Equal(137, (int)exited["exitCode"]!); // 128 + SIGKILL
        Assert.Empty(exited["pids"]!.AsArray());
        Assert.Contains("restart", exited["commands"]!.AsArray().Select(c => (string)c!));

        var (status, restarted) = await dashboard.PostAsync("/api/resources/followup/commands/restart");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Running", (string)restarted!["state"]!);
        Assert.NotEqual(pid, (int)restarted["pids"]![0]!);
        Assert.Equal(restarts + 1, (int)restarted["restarts"]!);
        Assert.Null(restarted["exitCode"]);
        // It works again: a new hot lead gets its cadence.
        using var posted = await fixture.PostLeadAsync(Leads.Hot("dashboard-kill"));
        var leadId = (await SmarketingFixture.ReadJsonAsync(posted))["leadId"]!.GetValue<Guid>();
        await fixture.WaitForLeadAsync(leadId, l => l["followUps"]?.AsArray().Count > 0, TimeSpan.FromSeconds(60));
    }

    [Fact]
    public async Task A_command_that_makes_no_sense_now_is_refused_and_changes_nothing()
    {
        using var dashboard = await DashboardClient.SignInAsync(fixture);

        var (status, problem) = await dashboard.PostAsync("/api/resources/reporting/commands/start");
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Contains("Running", (string)problem!["detail"]!);
        var (unknown, _) = await dashboard.PostAsync("/api/resources/nope/commands/stop");
        Assert.Equal(HttpStatusCode.NotFound, unknown);
        Assert.Equal("Running", (string)(await dashboard.ResourceAsync("reporting"))["state"]!);
    }

    [Fact]
    public async Task Console_logs_are_kept_per_resource_filterable_live_and_downloadable()
    {
        using var dashboard = await DashboardClient.SignInAsync(fixture);

        var lines = (await dashboard.GetJsonAsync("/api/resources/postgres/console?filter=database system is ready"))["items"]!.AsArray();
        Assert.NotEmpty(lines);
        Assert.All(lines, l => Assert.Contains("database system is ready", (string)l!["text"]!, StringComparison.OrdinalIgnoreCase));

        // Live: the stream delivers a line written after it was opened.
        var last = (long)(await dashboard.GetJsonAsync("/api/resources/gateway/console?limit=1"))["items"]!.AsArray().Single()!["seq"]!;
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(45));
        using var stream = await dashboard.Http.GetStreamAsync($"/api/resources/gateway/console/stream?after={last}", cancel.Token);
        using var reader = new StreamReader(stream);
        // The gateway writes a failed sign-in to its console, naming the address.
        var marker = $"console-{Guid.NewGuid():N}@example.com";
        using (var anonymous = fixture.Client())
        using (await anonymous.PostAsJsonAsync("/api/auth/login", new { email = marker, password = "wrong-password" })) { }
        string? line;
        while ((line = await reader.ReadLineAsync(cancel.Token)) is not null && !line.Contains(marker)) { }
        Assert.NotNull(line);
        Assert.StartsWith("data: ", line);
        Assert.True((long)JsonNode.Parse(line["data: ".Length..])!["seq"]! > last);

        using var download = await dashboard.Http.GetAsync("/api/resources/gateway/console/download?filter=" + marker);
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Contains(marker, await download.Content.ReadAsStringAsync());
    }
}
