namespace Smarketing.AppHost.Hosting;

/// <summary>How this run is set up: from SMARKETING_* variables for `make run`, or ephemeral for tests.</summary>
public sealed record AppHostOptions
{
    public required string DataDir { get; init; }
    public required string RepositoryRoot { get; init; }
    public string Configuration { get; init; } = "Debug";
    public int? GatewayPort { get; init; }
    public bool EchoLogs { get; init; } = true;
    /// <summary>Throw-away data (tests): PostgreSQL trades durability for speed.</summary>
    public bool Ephemeral { get; init; }
    public string EnvironmentName { get; init; } = "Production";
    /// <summary>Where the services send telemetry instead of the dashboard's own OTLP receiver (OTEL_EXPORTER_OTLP_ENDPOINT).</summary>
    public string? OtlpEndpoint { get; init; }
    /// <summary>Serve the ops dashboard (`make run` and the end-to-end tests do).</summary>
    public bool Dashboard { get; init; } = true;
    /// <summary>The dashboard's port (Aspire's 18888); null picks a free one.</summary>
    public int? DashboardPort { get; init; }
    /// <summary>The dashboard's OTLP/HTTP receiver port (Aspire's 18890); null picks a free one.</summary>
    public int? DashboardOtlpPort { get; init; }
    public string? ApiKey { get; init; }
    public string? AdminPassword { get; init; }
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(120);

    public static AppHostOptions FromEnvironment()
    {
        var root = FindRepositoryRoot();
        var data = Environment.GetEnvironmentVariable("SMARKETING_DATA_DIR") is { Length: > 0 } d ? Path.GetFullPath(d) : Path.Combine(root, ".smarketing");
        return new AppHostOptions
        {
            DataDir = data,
            RepositoryRoot = root,
            Configuration = BuildConfiguration(),
            GatewayPort = int.TryParse(Environment.GetEnvironmentVariable("SMARKETING_GATEWAY_PORT"), out var port) ? port : 8080,
            OtlpEndpoint = Environment.GetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT") is { Length: > 0 } otlp ? otlp : null,
            DashboardPort = int.TryParse(Environment.GetEnvironmentVariable("SMARKETING_DASHBOARD_PORT"), out var dashboard) ? dashboard : 18888,
            DashboardOtlpPort = int.TryParse(Environment.GetEnvironmentVariable("SMARKETING_DASHBOARD_OTLP_PORT"), out var receiver) ? receiver : 18890,
            ApiKey = Environment.GetEnvironmentVariable("SMARKETING_API_KEY") is { Length: > 0 } key ? key : null,
            AdminPassword = Environment.GetEnvironmentVariable("SMARKETING_ADMIN_PASSWORD") is { Length: > 0 } pw ? pw : null,
        };
    }

    /// <summary>The services are run from the same build configuration as the AppHost itself.</summary>
    public static string BuildConfiguration() =>
        typeof(AppHostOptions).Assembly
            .GetCustomAttributes(typeof(System.Reflection.AssemblyConfigurationAttribute), false)
            .OfType<System.Reflection.AssemblyConfigurationAttribute>().FirstOrDefault()?.Configuration ?? "Debug";

    public static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Smarketing.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("Cannot find Smarketing.sln above " + AppContext.BaseDirectory);
    }
}
