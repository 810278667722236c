using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Smarketing.Pipeline.Bench.Pipeline;

/// <summary>
/// What the pipeline needs before leads get owners, set up through the gateway as an admin would: a capture key of the
/// bench's own (the first-run key is limited to 100 requests/s), reps with room for every lead the run can post and on
/// shift around the clock, and a routing rule that sends hot leads (grades A and B) to them, with them as the fallback too.
/// </summary>
internal static class PipelineSetup
{
    public static readonly string[] AllDays = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];

    public sealed record Result(string ApiKey, IReadOnlyList<Guid> Reps);

    public static async Task<Result> RunAsync(string gatewayUrl, string adminEmail, string adminPassword, int reps, int capacity, CancellationToken ct)
    {
        using var http = new HttpClient { BaseAddress = new Uri(gatewayUrl), Timeout = TimeSpan.FromSeconds(30) };
        var login = await ReadAsync(await http.PostAsJsonAsync("/api/auth/login", new { email = adminEmail, password = adminPassword }, ct), "sign in as admin", ct);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", login["accessToken"]!.GetValue<string>());

        var key = await ReadAsync(await http.PostAsJsonAsync("/api/auth/api-keys",
            new { name = "pipeline-bench", permitsPerSecond = 100_000, burst = 100_000 }, ct), "create the bench's API key", ct);

        var suffix = Guid.NewGuid().ToString("N")[..6];
        var ids = new List<Guid>();
        for (var i = 0; i < reps; i++)
        {
            var rep = await ReadAsync(await http.PostAsJsonAsync("/api/sales-reps", new
            {
                name = $"Bench Rep {i + 1:00}",
                email = $"bench-rep-{i + 1:00}-{suffix}@smarketing.local",
                regions = new[] { "Jakarta" },
                products = new[] { "billboard" },
                capacity,
                weight = 1,
                active = true,
                workingHours = new { start = "00:00", end = "23:59", timeZone = "Asia/Jakarta", days = AllDays },
            }, ct), $"create sales rep {i + 1}", ct);
            ids.Add(rep["repId"]!.GetValue<Guid>());
        }

        await ReadAsync(await http.PutAsJsonAsync("/api/assignment/rules", new
        {
            rules = new[] { new { name = "bench-hot-leads", match = new { grades = new[] { "A", "B" } }, pool = ids } },
            fallbackPool = ids,
        }, ct), "save the routing rules", ct);
        return new Result(key["key"]!.GetValue<string>(), ids);
    }

    private static async Task<JsonNode> ReadAsync(HttpResponseMessage response, string what, CancellationToken ct)
    {
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(ct);
            if (!response.IsSuccessStatusCode)
                throw new InvalidOperationException($"Could not {what}: {(int)response.StatusCode} {text}");
            return JsonNode.Parse(text)!;
        }
    }
}
