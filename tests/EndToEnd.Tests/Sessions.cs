using System.Diagnostics;
using System.Net;

namespace Smarketing.EndToEnd.Tests;

/// <summary>Waiting for a revocation to reach a service, within the bound the services promise.</summary>
public static class Sessions
{
    /// <summary>SessionCheck.CacheFor: how long a service may go on trusting a session it looked up.</summary>
    public static readonly TimeSpan CacheBound = TimeSpan.FromSeconds(3);

    /// <summary>Slack for a loaded test machine on top of the bound (one request's own latency).</summary>
    private static readonly TimeSpan Slack = TimeSpan.FromSeconds(3);

    /// <summary>Repeats the request until it answers <paramref name="expected"/>; fails if that took longer than the bound.</summary>
    public static async Task<TimeSpan> RefusedWithinBoundAsync(HttpClient client, string path, HttpStatusCode expected = HttpStatusCode.Unauthorized,
        HttpMethod? method = null)
    {
        var watch = Stopwatch.StartNew();
        var last = "(none)";
        while (watch.Elapsed < CacheBound + Slack)
        {
            using var request = new HttpRequestMessage(method ?? HttpMethod.Get, path);
            if (request.Method != HttpMethod.Get) request.Content = System.Net.Http.Json.JsonContent.Create(new { });
            using var response = await client.SendAsync(request);
            if (response.StatusCode == expected) return watch.Elapsed;
            last = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
            await Task.Delay(100);
        }
        throw new TimeoutException($"{method ?? HttpMethod.Get} {path} still answered {last} {watch.Elapsed.TotalSeconds:0.0} s after the change " +
            $"(bound {CacheBound.TotalSeconds} s + {Slack.TotalSeconds} s slack)");
    }
}
