using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Aspire.Hosting.Testing;
using Xunit.Abstractions;

namespace Smarketing.EndToEnd.Tests;

/// <summary>
/// Faults under a steady load of leads, against the real set: a crash of one process of each service (started again), a
/// PostgreSQL crash, a broker restart and a Redis restart. The marketing tool here does what README tells one to do:
/// send the same lead again after Retry-After until it is answered 2xx. Once the pipeline drains, every accepted lead is
/// owned once, has one cadence and is counted once in the funnel, and every refusal was a 4xx or 503 with problem+json.
/// </summary>
[Collection(SmarketingCollection.Name)]
[Trait("Category", "EndToEnd")]
public sealed class FaultInjectionTests(SmarketingFixture fixture, ITestOutputHelper output)
{
    private const int LeadsPerSecond = 6;
    private static readonly string[] Services = ["ingestion", "scoring", "assignment", "followup", "reporting"];

    [Fact]
    public async Task Leads_sent_through_crashes_and_restarts_of_every_part_are_each_owned_followed_up_and_counted_once()
    {
        var campaign = $"faults-{Leads.UniqueSuffix()}";
        var reps = new[] { await CreateRepAsync("faults-a"), await CreateRepAsync("faults-b") };
        var consumers = await fixture.ConsumersAsync();
        await PutRulesAsync(new { name = campaign, match = new { campaigns = new[] { campaign } }, pool = reps });
        var tool = new PatientTool(RawGatewayClient(), campaign);
        using var stop = new CancellationTokenSource();
        var load = tool.SendSteadilyAsync(LeadsPerSecond, stop.Token);
        var faults = new List<string>();
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(5));
            foreach (var service in Services)
            {
                var instance = await fixture.App.KillInstanceAsync(service, replica: 0);
                faults.Add($"kill -9 {instance}");
                output.WriteLine($"{DateTime.UtcNow:HH:mm:ss} kill -9 {instance}; {tool.Accepted.Count} accepted so far");
                await Task.Delay(TimeSpan.FromSeconds(2));
                await fixture.App.StartInstanceAsync(service, instance);
            }

            faults.Add($"kill -9 PostgreSQL backend {fixture.App.KillPostgresBackend("ingestiondb")} (the postmaster restarts every backend)");
            await Task.Delay(TimeSpan.FromSeconds(8));

            faults.Add("broker stopped and started");
            await fixture.App.StopResourceAsync("messaging");
            await Task.Delay(TimeSpan.FromSeconds(3));
            await fixture.App.StartResourceAsync("messaging");

            faults.Add("Redis stopped and started (its counters rebuilt from PostgreSQL)");
            await fixture.App.StopResourceAsync("cache");
            await Task.Delay(TimeSpan.FromSeconds(3));
            await fixture.App.StartResourceAsync("cache");
            await Task.Delay(TimeSpan.FromSeconds(5));
        }
        finally
        {
            await stop.CancelAsync();
        }
        var sent = await load;

        try
        {
            var accepted = tool.Accepted.Values.Distinct().ToArray();
            var drained = Stopwatch.StartNew();
            var owned = await CountWhenAsync("assignmentdb", """SELECT count(*) FROM lead_assignments WHERE "LeadId" = ANY(@ids)""", accepted);
            var cadences = await CountWhenAsync("followupdb", """SELECT count(*) FROM lead_cadences WHERE "LeadId" = ANY(@ids)""", accepted);
            var funnel = await FunnelLeadsAsync(campaign, accepted.Length);
            var stored = await fixture.CountAsync("ingestiondb", """SELECT count(DISTINCT "LeadId") FROM lead_events WHERE "EventId" LIKE @p""", ("p", campaign + "-%"));
            var doubled = Math.Max(0, stored - accepted.Length) + Math.Max(0, owned - accepted.Length) + Math.Max(0, cadences - accepted.Length)
                + Math.Max(0, funnel - accepted.Length);
            var lost = sent - tool.Accepted.Count + Math.Max(0, accepted.Length - owned) + Math.Max(0, accepted.Length - cadences)
                + Math.Max(0, accepted.Length - funnel);

            if (owned < accepted.Length || cadences < accepted.Length) output.WriteLine(await WhereAreAsync(accepted));
            output.WriteLine($"Fault injection at {LeadsPerSecond} leads/s: {string.Join("; ", faults)}.");
            output.WriteLine($"  sent {sent}, accepted {tool.Accepted.Count} ({accepted.Length} distinct leads), refusals before acceptance: " +
                $"{(tool.Refusals.IsEmpty ? "none" : string.Join(", ", tool.Refusals.GroupBy(r => r.Status).OrderBy(g => g.Key).Select(g => $"{g.Key} x{g.Count()}")))}; " +
                $"no answer {tool.Unanswered}; owned {owned}, cadences {cadences}, in the funnel {funnel}, stored {stored}; lost {lost}, doubled {doubled}; drained in {drained.Elapsed.TotalSeconds:0} s");

            Assert.Equal(0, tool.Unanswered);
            Assert.All(tool.Refusals, r => Assert.True(r.Status is >= 400 and < 500 or 503 && r.ProblemJson,
                $"A refusal was {r.Status} {(r.ProblemJson ? "problem+json" : "without problem+json")}: {r.Body}"));
            Assert.All(tool.Refusals.Where(r => r.Status == 503), r => Assert.True(r.RetryAfter, $"A 503 came without Retry-After: {r.Body}"));
            Assert.Equal(sent, tool.Accepted.Count);
            Assert.Equal(0, lost);
            Assert.Equal(0, doubled);
        }
        finally
        {
            await PutRulesAsync();
            foreach (var rep in reps) await fixture.Gateway.PutAsJsonAsync($"/api/sales-reps/{rep}/away", new { away = true });
            await fixture.WaitForConsumersAsync(consumers);
        }
    }

    /// <summary>For a failure: how far each accepted lead that has no owner or no cadence got through the pipeline.</summary>
    private async Task<string> WhereAreAsync(Guid[] accepted)
    {
        var text = new System.Text.StringBuilder("Accepted leads missing downstream (stored / scored / queued / owned / cadence):\n");
        var shown = 0;
        foreach (var id in accepted)
        {
            var owned = await fixture.CountAsync("assignmentdb", """SELECT count(*) FROM lead_assignments WHERE "LeadId" = @id""", ("id", id));
            var cadence = await fixture.CountAsync("followupdb", """SELECT count(*) FROM lead_cadences WHERE "LeadId" = @id""", ("id", id));
            if (owned == 1 && cadence == 1) continue;
            var stored = await fixture.CountAsync("ingestiondb", """SELECT count(*) FROM leads WHERE "Id" = @id""", ("id", id));
            var scored = await fixture.CountAsync("scoringdb", """SELECT count(*) FROM lead_scores WHERE "LeadId" = @id""", ("id", id));
            var queued = await fixture.CountAsync("assignmentdb", """SELECT count(*) FROM queued_leads WHERE "LeadId" = @id""", ("id", id));
            text.AppendLine($"  {id}: {stored} / {scored} / {queued} / {owned} / {cadence}");
            if (++shown == 10) break;
        }
        return text.ToString();
    }

    /// <summary>Waits for the count to reach the accepted leads (the pipeline drains after the faults), and returns the last count.</summary>
    private async Task<long> CountWhenAsync(string database, string sql, Guid[] accepted)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        long count;
        while ((count = await fixture.CountAsync(database, sql, ("ids", accepted))) < accepted.Length && DateTime.UtcNow < deadline)
            await Task.Delay(1000);
        return count;
    }

    private async Task<long> FunnelLeadsAsync(string campaign, int expected)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        long leads = 0;
        do
        {
            var report = await fixture.Gateway.GetFromJsonAsync<JsonNode>("/api/reports/funnel?groupBy=campaign");
            leads = report!["rows"]!.AsArray().FirstOrDefault(r => r!["key"]!.GetValue<string>() == campaign)?["leads"]?.GetValue<long>() ?? 0;
            if (leads >= expected) return leads;
            await Task.Delay(1000);
        }
        while (DateTime.UtcNow < deadline);
        return leads;
    }

    /// <summary>A client without the test host's retries: every answer the gateway gives reaches the tool as it was.</summary>
    private HttpClient RawGatewayClient()
    {
        var client = new HttpClient { BaseAddress = fixture.App.App.GetEndpoint("gateway", "http"), Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Add("X-Api-Key", fixture.App.Secrets.ApiKey);
        return client;
    }

    private async Task PutRulesAsync(params object[] rules)
    {
        var response = await fixture.Gateway.PutAsJsonAsync("/api/assignment/rules", new { rules, fallbackPool = Array.Empty<Guid>() });
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    private async Task<Guid> CreateRepAsync(string label)
    {
        var created = await fixture.Gateway.PostAsJsonAsync("/api/sales-reps", new
        {
            name = $"Rep {label} {Leads.UniqueSuffix()}", email = $"{label}{Leads.UniqueSuffix()}@smarketing.local", capacity = 5000, weight = 1,
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await SmarketingFixture.ReadJsonAsync(created))["repId"]!.GetValue<Guid>();
    }

    private sealed record Refusal(int Status, bool ProblemJson, bool RetryAfter, string Body);

    /// <summary>
    /// A marketing tool that follows the README: each lead is sent until it is answered 2xx, again after Retry-After (or
    /// 2 s) when refused with 429 or 503, always with the same eventId.
    /// </summary>
    private sealed class PatientTool(HttpClient client, string campaign)
    {
        public ConcurrentDictionary<string, Guid> Accepted { get; } = new();
        public ConcurrentBag<Refusal> Refusals { get; } = [];
        private int _unanswered;
        public int Unanswered => _unanswered;

        /// <summary>Starts a lead every 1/rate s (open loop: a slow answer does not slow the sending) until stopped; the number sent.</summary>
        public async Task<int> SendSteadilyAsync(int perSecond, CancellationToken stop)
        {
            var sending = new List<Task>();
            var clock = Stopwatch.StartNew();
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                var due = TimeSpan.FromSeconds((double)i / perSecond) - clock.Elapsed;
                if (due > TimeSpan.Zero)
                {
                    try { await Task.Delay(due, stop); }
                    catch (OperationCanceledException) { break; }
                }
                sending.Add(SendUntilAcceptedAsync($"{campaign}-{i}"));
            }
            await Task.WhenAll(sending);
            return sending.Count;
        }

        private async Task SendUntilAcceptedAsync(string eventId)
        {
            var body = Leads.Hot(campaign, eventId: eventId);
            for (var attempt = 0; attempt < 30; attempt++)
            {
                TimeSpan wait;
                try
                {
                    using var response = await client.PostAsJsonAsync("/api/leads", body);
                    var text = await response.Content.ReadAsStringAsync();
                    if (response.IsSuccessStatusCode)
                    {
                        Accepted[eventId] = JsonNode.Parse(text)!["leadId"]!.GetValue<Guid>();
                        return;
                    }
                    Refusals.Add(new Refusal((int)response.StatusCode, response.Content.Headers.ContentType?.MediaType == "application/problem+json" && text.Length > 0,
                        response.Headers.RetryAfter is not null, text));
                    if ((int)response.StatusCode is not (429 or 503)) return;
                    wait = response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(2);
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                {
                    Interlocked.Increment(ref _unanswered);
                    wait = TimeSpan.FromSeconds(2);
                }
                await Task.Delay(wait);
            }
        }
    }
}
