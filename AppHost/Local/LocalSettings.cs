using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Runtime.CompilerServices;
using Aspire.Hosting;
using Microsoft.Extensions.Configuration;

namespace Smarketing.AppHost.Local;

/// <summary>
/// How this run is set up, from SMARKETING_* settings (environment variables, or `KEY=value` arguments as the tests give
/// them): where the data lives, the gateway's port, replicas, and whether PostgreSQL may trade durability for speed.
/// </summary>
public sealed class LocalSettings
{
    public const string PostgresBinDir = "/usr/lib/postgresql/15/bin";
    public const string SecretsCreatedNowKey = "Smarketing:SecretsCreatedNow";
    public const string RabbitMqServer = "/usr/lib/rabbitmq/bin/rabbitmq-server";
    private readonly HashSet<int> _takenPorts = [];

    public required string DataDir { get; init; }
    public int? GatewayPort { get; init; }
    public int Replicas { get; init; } = 2;
    /// <summary>Throw-away data (tests only): PostgreSQL runs without fsync (safe against a process crash, not a machine crash) and Redis never saves.</summary>
    public bool RelaxedDurability { get; init; }
    /// <summary>Off for benchmarks: the services then send no OTLP (and are not instrumented at all).</summary>
    public bool Telemetry { get; init; } = true;
    /// <summary>
    /// The outbox and inbox retention every service runs with (Retention:Outbox, :Inbox, :Interval, :BatchSize given to
    /// the AppHost); empty keeps the services' own defaults. The storage soak shortens it to see the purge at work.
    /// </summary>
    public IReadOnlyDictionary<string, string> Retention { get; init; } = new Dictionary<string, string>();

    private static readonly ConditionalWeakTable<IDistributedApplicationBuilder, LocalSettings> OfBuilder = new();

    public static bool IsRoot => Environment.UserName == "root";

    /// <summary>This install's secrets (generated on first run).</summary>
    public InstallSecrets Secrets { get; private set; } = null!;

    /// <summary>
    /// The settings of this app model, read once: the install's secrets become the values of Aspire's secret parameters
    /// (Parameters:{name}), so the dashboard masks them and resources receive them as references.
    /// </summary>
    public static LocalSettings For(IDistributedApplicationBuilder builder) => OfBuilder.GetValue(builder, b =>
    {
        var settings = From(b.Configuration);
        settings.Secrets = InstallSecrets.LoadOrCreate(settings.DataDir,
            b.Configuration["SMARKETING_API_KEY"] is { Length: > 0 } key ? key : null,
            b.Configuration["SMARKETING_ADMIN_PASSWORD"] is { Length: > 0 } password ? password : null);
        b.Configuration.AddInMemoryCollection([
            .. settings.Secrets.AsParameters(),
            new(SecretsCreatedNowKey, settings.Secrets.CreatedNow ? "true" : "false"),
        ]);
        return settings;
    });

    public static LocalSettings From(IConfiguration configuration)
    {
        var dataDir = configuration["SMARKETING_DATA_DIR"] is { Length: > 0 } dir
            ? Path.GetFullPath(dir)
            : Path.Combine(FindRepositoryRoot(), ".smarketing");
        return new LocalSettings
        {
            DataDir = dataDir,
            GatewayPort = configuration["SMARKETING_GATEWAY_PORT"] switch
            {
                "0" => null,
                { Length: > 0 } port => int.Parse(port),
                _ => 8080,
            },
            Replicas = int.TryParse(configuration["SMARKETING_REPLICAS"], out var replicas) && replicas is > 0 and <= 8 ? replicas : 2,
            RelaxedDurability = configuration["SMARKETING_RELAXED_DURABILITY"] is "1" or "true",
            Telemetry = configuration["SMARKETING_TELEMETRY"] is not ("0" or "false"),
            Retention = configuration.GetSection("Retention").GetChildren().Where(c => c.Value is not null).ToDictionary(c => c.Key, c => c.Value!),
        };
    }

    public string PathFor(params string[] parts) => Path.Combine([DataDir, .. parts]);

    /// <summary>
    /// PostgreSQL's home. As root the `postgres` user must be able to reach it; a checkout under a private home (/root)
    /// cannot be, so the cluster then lives under /var/lib/smarketing, keyed by the data directory.
    /// </summary>
    public string PostgresDir()
    {
        if (!IsRoot || TraversableByOthers(DataDir)) return PathFor("postgres");
        var key = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(DataDir)))[..12];
        return Path.Combine("/var/lib/smarketing", key, "postgres");
    }

    /// <summary>A free loopback port, never the same twice in one run (the servers listen on it directly, not through DCP's proxy).</summary>
    public int FreePort()
    {
        lock (_takenPorts)
        {
            while (true)
            {
                using var listener = new TcpListener(IPAddress.Loopback, 0);
                listener.Start();
                var port = ((IPEndPoint)listener.LocalEndpoint).Port;
                if (_takenPorts.Add(port)) return port;
            }
        }
    }

    public static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Smarketing.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("Cannot find Smarketing.sln above " + AppContext.BaseDirectory);
    }

    private static bool TraversableByOthers(string path)
    {
        for (var dir = new DirectoryInfo(path); dir is not null; dir = dir.Parent)
        {
            if (dir.Exists && !dir.UnixFileMode.HasFlag(UnixFileMode.OtherExecute)) return false;
        }
        return true;
    }
}
