using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using Smarketing.AppHost.Dashboard.Otlp;
using Smarketing.AppHost.Dashboard.Telemetry;

namespace Smarketing.AppHost.Tests;

/// <summary>A real Kestrel on 127.0.0.1 (free port) with the OTLP receiver and the telemetry API, as the dashboard maps them.</summary>
internal sealed class TelemetryTestServer : IAsyncDisposable
{
    public const string ApiKey = "test-otlp-key";

    private readonly WebApplication _app;

    private TelemetryTestServer(WebApplication app, TelemetryStore store)
    {
        _app = app;
        Store = store;
        Address = app.Urls.Single();
        Http = new HttpClient { BaseAddress = new Uri(Address) };
    }

    public TelemetryStore Store { get; }
    public string Address { get; }
    public HttpClient Http { get; }

    public static async Task<TelemetryTestServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var store = new TelemetryStore();
        app.MapOtlp(store, ApiKey);
        app.MapGroup("/api/telemetry").MapTelemetryApi(store);
        await app.StartAsync();
        return new TelemetryTestServer(app, store);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.DisposeAsync();
    }
}
