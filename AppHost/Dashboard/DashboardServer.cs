using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Smarketing.AppHost.Dashboard.Otlp;
using Smarketing.AppHost.Dashboard.Telemetry;
using Smarketing.AppHost.Hosting;
using Smarketing.AppHost.Hosting.Resources;

namespace Smarketing.AppHost.Dashboard;

/// <summary>
/// The ops dashboard the AppHost serves in-process, as Aspire's does: resources and their commands, console logs,
/// and the broker's queues on the dashboard port; an OTLP/HTTP receiver for the services' telemetry on its own port.
/// </summary>
public sealed class DashboardServer : IAsyncDisposable
{
    public const string OtlpKeyHeader = OtlpEndpoints.ApiKeyHeader;
    private readonly WebApplication _web;
    private readonly DashboardAuth _auth;
    private readonly RabbitMqManagement? _broker;
    private readonly CancellationTokenSource _stopping = new();
    private Task _sampler = Task.CompletedTask;

    private DashboardServer(WebApplication web, DashboardAuth auth, RabbitMqManagement? broker, TelemetryStore telemetry, int port, int otlpPort, string otlpKey)
    {
        (_web, _auth, _broker, Telemetry) = (web, auth, broker, telemetry);
        Url = $"http://localhost:{port}";
        OtlpEndpoint = $"http://127.0.0.1:{otlpPort}";
        OtlpKey = otlpKey;
    }

    /// <summary>Every service's logs, traces and metrics received over OTLP, bounded like Aspire's.</summary>
    public TelemetryStore Telemetry { get; }

    public string Url { get; }
    /// <summary>The per-run sign-in link printed on start.</summary>
    public string LoginUrl => $"{Url}/login?t={_auth.BrowserToken}";
    public string BrowserToken => _auth.BrowserToken;
    public string OtlpEndpoint { get; }
    public string OtlpKey { get; }

    internal static async Task<DashboardServer> StartAsync(DistributedApplication app, HostContext context)
    {
        var port = PortOrFree(context, context.Options.DashboardPort, "dashboard");
        var otlpPort = PortOrFree(context, context.Options.DashboardOtlpPort, "OTLP receiver");
        var otlpKey = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var webRoot = Path.Combine(context.Options.RepositoryRoot, "AppHost", "Dashboard", "wwwroot");
        Directory.CreateDirectory(webRoot);

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ContentRootPath = Path.GetDirectoryName(webRoot),
            WebRootPath = webRoot,
            EnvironmentName = "Production",
        });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, port);
            kestrel.Listen(IPAddress.Loopback, otlpPort);
            kestrel.Limits.MaxRequestBodySize = 16 * 1024 * 1024;
        });
        builder.Services.AddProblemDetails();
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));

        var auth = new DashboardAuth();
        var rabbit = app.Resources.OfType<RabbitMQResource>().FirstOrDefault();
        var broker = rabbit is null ? null : new RabbitMqManagement(rabbit);
        var state = new DashboardState(app, SecretMask.For(context.Secrets, otlpKey, auth.BrowserToken), broker);
        builder.Services.AddSingleton(state);
        foreach (var resource in app.Resources) resource.StateChanged += _ => state.ResourcesChanged.Signal();

        var web = builder.Build();
        web.UseStatusCodePages();
        // The port a request really came in on decides what it may reach (a Host header is whatever the client says):
        // the OTLP port serves /v1 and nothing else, the dashboard port everything but /v1.
        web.Use(async (http, next) =>
        {
            if ((http.Connection.LocalPort == otlpPort) != http.Request.Path.StartsWithSegments("/v1"))
            {
                http.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }
            await next(http);
        });
        web.UseWhen(http => http.Connection.LocalPort == port, dashboard =>
        {
            dashboard.Use(auth.RequireSignIn);
            dashboard.UseDefaultFiles();
            dashboard.UseStaticFiles(new StaticFileOptions
            {
                // The UI is a few files edited in place: always revalidate so a reload shows the current one.
                OnPrepareResponse = files => files.Context.Response.Headers.CacheControl = "no-cache",
            });
        });
        auth.MapLogin(web);
        web.MapResourcesApi();
        web.MapConsoleApi();
        web.MapMessagingApi();
        var telemetry = new TelemetryStore();
        web.MapGroup("/api/telemetry").MapTelemetryApi(telemetry);
        web.MapOtlp(telemetry, otlpKey);

        await web.StartAsync();
        var server = new DashboardServer(web, auth, broker, telemetry, port, otlpPort, otlpKey);
        if (broker is not null)
        {
            var sampler = new QueueMetricsSampler(broker, telemetry, rabbit!.Name);
            server._sampler = Task.Run(() => sampler.RunAsync(server._stopping.Token));
        }
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _sampler.ContinueWith(_ => { });
        _stopping.Dispose();
        using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _web.StopAsync(grace.Token);
        await _web.DisposeAsync();
        _broker?.Dispose();
    }

    /// <summary>The configured port if it is free; otherwise a free one, said out loud (a second `make run` must still start).</summary>
    private static int PortOrFree(HostContext context, int? wanted, string what)
    {
        if (wanted is not { } port) return context.FreePort();
        try
        {
            using var probe = new TcpListener(IPAddress.Loopback, port);
            probe.Start();
            return port;
        }
        catch (SocketException)
        {
            var free = context.FreePort();
            context.Info($"port {port} for the {what} is taken; using {free} instead");
            return free;
        }
    }
}
