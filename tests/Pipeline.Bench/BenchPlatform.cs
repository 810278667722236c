using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Text;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Smarketing.AppHost.Local;

namespace Smarketing.Pipeline.Bench;

/// <summary>
/// The whole set from the AppHost's app model (the same model as `make run`) through Aspire.Hosting.Testing, on free
/// ports and a throw-away data directory. Durable by default, as `make run` runs it (PostgreSQL fsyncs its commits);
/// Aspire's dashboard is off and the services send no OTLP, so no telemetry pipeline takes CPU from the two cores.
/// </summary>
internal sealed class BenchPlatform : IAsyncDisposable
{
    public const string AdminEmail = "admin@smarketing.local";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);
    private readonly DistributedApplication _app;
    private readonly string _dataDir;
    private string _postgres = "";

    private BenchPlatform(DistributedApplication app, ResourceLogs logs, string dataDir, string adminPassword)
    {
        _app = app;
        _dataDir = dataDir;
        Logs = logs;
        AdminPassword = adminPassword;
        Instances = new ResourceInstances(app.ResourceNotifications);
    }

    public string AdminPassword { get; }
    public string GatewayUrl { get; private set; } = "";
    public string BrokerConnectionString { get; private set; } = "";
    public string BrokerManagementUrl { get; private set; } = "";
    public string BrokerPassword { get; private set; } = "";
    public ResourceInstances Instances { get; }
    public ResourceLogs Logs { get; }

    /// <summary>A database on the platform's PostgreSQL server, as the services reach theirs.</summary>
    public string ConnectionString(string database) => $"{_postgres};Database={database}";

    public IReadOnlyDictionary<string, int> Replicas =>
        Model.Resources.OfType<ProjectResource>().ToDictionary(p => p.Name, p => p.GetReplicaCount());

    private DistributedApplicationModel Model => _app.Services.GetRequiredService<DistributedApplicationModel>();

    /// <summary>The build configuration the services run from: the AppHost's own, as it runs them.</summary>
    public static string BuildConfiguration() =>
        typeof(LocalSettings).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";

    public static async Task<BenchPlatform> StartAsync(bool durable, bool dashboard, bool echoLogs, CancellationToken ct, IEnumerable<string>? extraArgs = null)
    {
        var dataDir = Path.Combine(Path.GetTempPath(), "smarketing-pipeline-bench-" + Guid.NewGuid().ToString("N")[..10]);
        var adminPassword = "bench-" + Guid.NewGuid().ToString("N");
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Smarketing_AppHost>(
            [.. Arguments(dataDir, adminPassword, durable, dashboard), .. extraArgs ?? []], (options, _) => options.DisableDashboard = !dashboard);
        var logs = new ResourceLogs();
        builder.Services.AddLogging(logging =>
        {
            logging.AddProvider(logs);
            // The console is the bench's: the AppHost's warnings and errors only, the resources' output with SMARKETING_BENCH_ECHO=1.
            // Health checks fail by design until each server is up; a start that times out lists what is still unhealthy.
            if (!echoLogs)
            {
                logging.AddFilter<ConsoleLoggerProvider>(null, LogLevel.Warning)
                    .AddFilter<ConsoleLoggerProvider>("Microsoft.Extensions.Diagnostics.HealthChecks", LogLevel.None)
                    .AddFilter<ConsoleLoggerProvider>($"{builder.Environment.ApplicationName}.Resources", LogLevel.None);
            }
        });
        var app = await builder.BuildAsync(ct);
        var platform = new BenchPlatform(app, logs, dataDir, adminPassword);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(StartTimeout);
            await app.StartAsync(timeout.Token);
            await app.ResourceNotifications.WaitForResourceHealthyAsync("gateway", timeout.Token);
            await platform.ReadEndpointsAsync(timeout.Token);
            return platform;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            var unhealthy = platform.Unhealthy();
            await platform.DisposeAsync();
            throw new TimeoutException($"The platform was not healthy within {StartTimeout.TotalMinutes:0} minutes.\n{unhealthy}");
        }
        catch
        {
            await platform.DisposeAsync();
            throw;
        }
    }

    private static string[] Arguments(string dataDir, string adminPassword, bool durable, bool dashboard)
    {
        List<string> args =
        [
            $"SMARKETING_DATA_DIR={dataDir}",
            "SMARKETING_GATEWAY_PORT=0",
            $"SMARKETING_API_KEY=bench_{Guid.NewGuid():N}",
            $"SMARKETING_ADMIN_PASSWORD={adminPassword}",
            "ASPIRE_VERSION_CHECK_DISABLED=true",
            "ASPIRE_ALLOW_UNSECURED_TRANSPORT=true",
        ];
        if (!durable) args.Add("SMARKETING_RELAXED_DURABILITY=true");
        // SMARKETING_BENCH_DASHBOARD=1 measures the platform as `make run` runs it: Aspire's dashboard on free ports, every service exporting to it.
        if (dashboard)
        {
            args.AddRange([
                $"ASPNETCORE_URLS=http://localhost:{FreePort()}",
                $"ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL=http://localhost:{FreePort()}",
                $"ASPIRE_RESOURCE_SERVICE_ENDPOINT_URL=http://localhost:{FreePort()}",
            ]);
        }
        else
        {
            args.Add("SMARKETING_TELEMETRY=false");
        }
        // On two cores, a second replica of scoring and assignment only adds context switches (measured: capture → assigned
        // p50 82 ms with one each against 256 ms with two, at 2 leads/s); SMARKETING_REPLICAS given to the bench wins.
        var replicas = Environment.GetEnvironmentVariable("SMARKETING_REPLICAS") is { Length: > 0 } given ? given
            : Environment.ProcessorCount <= 2 ? "1" : null;
        if (replicas is not null) args.Add($"SMARKETING_REPLICAS={replicas}");
        return [.. args];
    }

    private async Task ReadEndpointsAsync(CancellationToken ct)
    {
        GatewayUrl = _app.GetEndpoint("gateway", "http").ToString().TrimEnd('/');
        _postgres = await _app.GetConnectionStringAsync("postgres", ct) ?? throw new InvalidOperationException("postgres has no connection string.");
        BrokerConnectionString = await _app.GetConnectionStringAsync("messaging", ct) ?? throw new InvalidOperationException("messaging has no connection string.");
        var broker = Model.Resources.OfType<RabbitMQServerResource>().Single();
        BrokerManagementUrl = broker.ManagementEndpoint.Url;
        BrokerPassword = await broker.PasswordParameter.GetValueAsync(ct) ?? "";
    }

    /// <summary>The last log lines of a resource (every replica), for a failure message.</summary>
    public string Tail(string resource, int lines = 20) =>
        string.Join(Environment.NewLine, Logs.Tail(resource, lines).Select(l => l.Text));

    /// <summary>Each resource instance that is not healthy, with its state and last lines: why the platform did not come up.</summary>
    private string Unhealthy()
    {
        var text = new StringBuilder();
        foreach (var e in Instances.All().Where(e => e.Snapshot.HealthStatus is not HealthStatus.Healthy))
        {
            text.AppendLine($"--- {e.ResourceId}: {e.Snapshot.State?.Text ?? "?"}, health {e.Snapshot.HealthStatus?.ToString() ?? "-"}, exit code {e.Snapshot.ExitCode?.ToString() ?? "-"}");
            foreach (var line in Logs.Tail(e.Resource.Name, 10)) text.AppendLine("    " + line.Text);
        }
        return text.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        Instances.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        // A durable run keeps its data like `make run`; a benchmark's data is never worth keeping.
        try
        {
            if (Directory.Exists(_dataDir)) Directory.Delete(_dataDir, recursive: true);
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
