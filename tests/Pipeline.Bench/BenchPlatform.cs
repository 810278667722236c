using Smarketing.AppHost;
using Smarketing.AppHost.Hosting;
using Smarketing.AppHost.Hosting.Resources;

namespace Smarketing.Pipeline.Bench;

/// <summary>
/// The whole set from the AppHost's app model (the same model as `make run`), on free ports and a throw-away data
/// directory. Durable by default, as `make run` runs it (PostgreSQL fsyncs its commits); the dashboard is off so
/// its OTLP receiver does not run inside the load generator's process and take CPU from the two cores.
/// </summary>
internal sealed class BenchPlatform : IAsyncDisposable
{
    public const string AdminEmail = "admin@smarketing.local";
    private readonly DistributedApplication _app;

    private BenchPlatform(DistributedApplication app, bool durable)
    {
        _app = app;
        Durable = durable;
    }

    public bool Durable { get; }
    public AppHostOptions Options => _app.Options;
    public string AdminPassword => _app.Secrets.AdminPassword;
    public string GatewayUrl => ((ProjectResource)_app["gateway"]).Urls[0];
    public string BrokerConnectionString => ((IResourceWithConnectionString)_app["messaging"]).ConnectionString;
    public RabbitMQResource Broker => (RabbitMQResource)_app["messaging"];
    public PostgresServerResource Postgres => (PostgresServerResource)_app["postgres"];
    public IReadOnlyList<Resource> Resources => _app.Resources;

    public string ConnectionString(string database) => ((IResourceWithConnectionString)_app[database]).ConnectionString;

    public IReadOnlyDictionary<string, int> Replicas =>
        _app.Resources.OfType<ProjectResource>().ToDictionary(p => p.Name, p => p.Replicas);

    public static async Task<BenchPlatform> StartAsync(bool durable, bool dashboard, bool echoLogs, CancellationToken ct)
    {
        var options = new AppHostOptions
        {
            DataDir = Path.Combine(Path.GetTempPath(), "smarketing-pipeline-bench-" + Guid.NewGuid().ToString("N")[..10]),
            RepositoryRoot = AppHostOptions.FindRepositoryRoot(),
            Configuration = AppHostOptions.BuildConfiguration(),
            GatewayPort = null,
            Ephemeral = !durable,
            Dashboard = dashboard,
            EchoLogs = echoLogs,
            ApiKey = "bench_" + Guid.NewGuid().ToString("N"),
            AdminPassword = "bench-" + Guid.NewGuid().ToString("N"),
        };
        // On two cores, a second replica of scoring and assignment only adds context switches (measured: capture → assigned
        // p50 82 ms with one each against 256 ms with two, at 2 leads/s); SMARKETING_REPLICAS given to the bench wins.
        if (Environment.GetEnvironmentVariable("SMARKETING_REPLICAS") is null && Environment.ProcessorCount <= 2)
            Environment.SetEnvironmentVariable("SMARKETING_REPLICAS", "1");
        var app = DistributedApplicationBuilder.CreateBuilder(options).AddSmarketing().Build();
        var platform = new BenchPlatform(app, durable);
        try
        {
            await app.StartAsync();
            var healthy = app.WaitForHealthyAsync(TimeSpan.FromMinutes(3));
            await healthy.WaitAsync(ct);
            return platform;
        }
        catch
        {
            await platform.DisposeAsync();
            throw;
        }
    }

    /// <summary>The last log lines of a resource, for a failure message.</summary>
    public string Tail(string resource, int lines = 20) =>
        string.Join(Environment.NewLine, _app[resource].Logs.Tail(lines).Select(l => l.Text));

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        // A durable run is not Ephemeral, so the app keeps its data; a benchmark's data is never worth keeping.
        try
        {
            if (Directory.Exists(Options.DataDir)) Directory.Delete(Options.DataDir, recursive: true);
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
