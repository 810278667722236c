using System.Net;
using System.Net.Http.Headers;

namespace Smarketing.EndToEnd.Tests;

[Collection(SmarketingCollection.Name)]
[Trait("Category", "EndToEnd")]
public sealed class FuzzTests(SmarketingFixture fixture)
{
    private const int Seed = 20261123;
    private const int Cases = 1100;

    /// <summary>
    /// Every generated body is broken in at least one way the contract refuses, so each must get a 4xx (never a
    /// 5xx, which would mean an unhandled input) and none may be stored.
    /// </summary>
    [Fact]
    public async Task A_thousand_malformed_lead_bodies_get_only_client_errors_and_store_nothing()
    {
        var marker = $"fuzz-{Leads.UniqueSuffix()}-";
        var cases = new MalformedLeads(Seed, marker).Generate(Cases).ToList();
        const string countAll = "SELECT count(*) FROM lead_events";
        const string countMarked = """SELECT count(*) FROM lead_events WHERE "EventId" LIKE @m""";
        var before = await fixture.CountAsync("ingestiondb", countAll);

        var failures = new List<string>();
        var statuses = new Dictionary<int, int>();
        foreach (var fuzz in cases)
        {
            var status = (int)await SendAsync(fuzz);
            statuses[status] = statuses.GetValueOrDefault(status) + 1;
            if (status is < 400 or >= 500) failures.Add($"{status} for {fuzz.Description}");
        }

        var summary = string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}: {s.Value}"));
        Assert.True(failures.Count == 0, $"{failures.Count} answer(s) outside 4xx ({summary}):\n{string.Join("\n", failures.Take(20))}");
        Assert.True(cases.Count >= 1000);
        Assert.Equal(0L, await fixture.CountAsync("ingestiondb", countMarked, ("m", marker + "%")));
        Assert.Equal(before, await fixture.CountAsync("ingestiondb", countAll));
        // The generator reaches each way of refusing: invalid fields, unreadable JSON, oversize and non-JSON bodies.
        Assert.All(new[] { 400, 413, 415 }, s => Assert.True(statuses.ContainsKey(s), $"no {s} among {summary}"));
    }

    /// <summary>Sends one case; a 429 from the gateway's rate limit is waited out and the same body sent again.</summary>
    private async Task<HttpStatusCode> SendAsync(MalformedLeads.Case fuzz)
    {
        while (true)
        {
            using var content = new ByteArrayContent(fuzz.Body);
            content.Headers.ContentType = fuzz.ContentType is null ? null : MediaTypeHeaderValue.Parse(fuzz.ContentType);
            using var response = await fixture.Gateway.PostAsync("/api/leads", content);
            if (response.StatusCode != HttpStatusCode.TooManyRequests) return response.StatusCode;
            await Task.Delay(response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1));
        }
    }
}
