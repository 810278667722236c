using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Smarketing.Pipeline.Bench.Reporting;
using Yarp.ReverseProxy.Configuration;

namespace Smarketing.Pipeline.Bench.RawLimits;

/// <summary>
/// Kestrel's and YARP's own limits on this machine: an in-process minimal endpoint that reads a 1 KB JSON lead and answers
/// 202 with a small JSON body, and an in-process YARP proxy in front of it (one route, one destination, as the gateway).
/// Closed loop: <see cref="Concurrency"/> clients each send their next request when the last one is answered. Client,
/// proxy and endpoint share the process and the two cores, so the pair is compared like for like.
/// </summary>
internal static class HttpRaw
{
    public const int Concurrency = 32;

    public static async Task<(HttpLimit Direct, HttpLimit Proxied)> MeasureAsync(TimeSpan duration, CancellationToken ct)
    {
        await using var backend = await StartBackendAsync(ct);
        var backendUrl = backend.Urls.First();
        await using var proxy = await StartProxyAsync(backendUrl, ct);
        var proxyUrl = proxy.Urls.First();

        var body = Encoding.UTF8.GetBytes(LeadJson());
        await LoadAsync("warm-up", backendUrl, body, TimeSpan.FromSeconds(1), ct);
        var direct = await LoadAsync("Kestrel direct", backendUrl, body, duration, ct);
        await LoadAsync("warm-up", proxyUrl, body, TimeSpan.FromSeconds(1), ct);
        var proxied = await LoadAsync("through YARP", proxyUrl, body, duration, ct);
        return (direct, proxied);
    }

    private static async Task<WebApplication> StartBackendAsync(CancellationToken ct)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.MapPost("/api/leads", async (HttpRequest request) =>
        {
            using var lead = await JsonDocument.ParseAsync(request.Body);
            var eventId = lead.RootElement.GetProperty("eventId").GetString();
            return Results.Json(new { leadId = Guid.CreateVersion7(), eventId, duplicate = false, merged = false }, statusCode: StatusCodes.Status202Accepted);
        });
        await app.StartAsync(ct);
        return app;
    }

    private static async Task<WebApplication> StartProxyAsync(string backendUrl, CancellationToken ct)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.Protocols = HttpProtocols.Http1));
        builder.Services.AddReverseProxy().LoadFromMemory(
            [new RouteConfig { RouteId = "capture", ClusterId = "ingestion", Match = new RouteMatch { Path = "/api/leads", Methods = ["POST"] } }],
            [new ClusterConfig { ClusterId = "ingestion", Destinations = new Dictionary<string, DestinationConfig> { ["d1"] = new() { Address = backendUrl } } }]);
        var app = builder.Build();
        app.MapReverseProxy();
        await app.StartAsync(ct);
        return app;
    }

    private static async Task<HttpLimit> LoadAsync(string name, string baseUrl, byte[] body, TimeSpan duration, CancellationToken ct)
    {
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = Concurrency, PooledConnectionLifetime = Timeout.InfiniteTimeSpan };
        using var client = new HttpClient(handler) { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(30) };
        long requests = 0, errors = 0;
        var latencies = new List<double>();
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Concurrency).Select(async _ =>
        {
            var mine = new List<double>();
            while (clock.Elapsed < duration && !ct.IsCancellationRequested)
            {
                var started = Stopwatch.GetTimestamp();
                try
                {
                    using var content = new ByteArrayContent(body);
                    content.Headers.ContentType = new("application/json");
                    using var response = await client.PostAsync("/api/leads", content, ct);
                    await response.Content.ReadAsByteArrayAsync(ct);
                    if (response.StatusCode != HttpStatusCode.Accepted) Interlocked.Increment(ref errors);
                }
                catch (HttpRequestException)
                {
                    Interlocked.Increment(ref errors);
                }
                mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                Interlocked.Increment(ref requests);
            }
            lock (latencies) latencies.AddRange(mine);
        }));
        var seconds = clock.Elapsed.TotalSeconds;
        return new HttpLimit(name, Concurrency, body.Length, Math.Round(seconds, 2), requests, errors, Math.Round(requests / seconds), LatencyStats.From(latencies));
    }

    /// <summary>The capture body of API.md, padded with attributes to 1 KB.</summary>
    public static string LeadJson()
    {
        var json = """
            {"eventId":"form-2026-000123","source":"website-form","campaign":"billboard-jakarta-q4","occurredAt":"2026-11-23T08:15:00+07:00",
            "contact":{"name":"Budi Santoso","email":"budi@tokoabc.co.id","phone":"0812-3456-7890","company":"Toko ABC","jobTitle":"Owner","city":"Jakarta"},
            "interest":{"product":"billboard","message":"Butuh billboard 4x8 di Sudirman bulan depan","budget":50000000,"currency":"IDR",
            "timeline":"this-month","locations":["Jl. Sudirman"]},"utm":{"source":"google","medium":"cpc","campaign":"billboard-q4"},
            "consent":true,"attributes":{"formId":"quote-v2","pad":"
            """.ReplaceLineEndings("");
        return json + new string('x', Math.Max(0, 1024 - json.Length - 3)) + "\"}}";
    }
}
