using Smarketing.AppHost.Local;

namespace Smarketing.AppHost;

/// <summary>What every Smarketing service process gets from the app model besides its references.</summary>
public static class ServiceProjects
{
    // Every service runs on the same few cores here. Server GC (a heap and a GC thread per core in every process) and the
    // thread pool's spin-waiting before a worker sleeps both burn CPU that the work itself needs once a dozen processes
    // share two cores. So does profile-guided JIT: every hot method is compiled twice more, which after each start kept
    // two cores busy for a minute (pipeline bench --hold 5: 281 → 158 ms of CPU per lead over the first 40 s). A variable
    // the AppHost itself was started with wins (to measure the difference).
    private static readonly (string Key, string Value)[] SharedMachineRuntime =
    [
        ("DOTNET_gcServer", "0"),
        ("DOTNET_ThreadPool_UnfairSemaphoreSpinLimit", "0"),
        ("DOTNET_TieredPGO", "0"),
    ];

    public static IResourceBuilder<ProjectResource> AsSmarketingService(
        this IResourceBuilder<ProjectResource> project, LocalSettings settings, IResourceBuilder<ParameterResource> signingKey, int? port = null)
    {
        project
            .WithHttpEndpoint(port: port, name: "http")
            // Plain HTTP inside the machine: no development certificate to hand out (there is none trusted here, and
            // without this Aspire puts "No trusted development certificate" on top of the dashboard).
            .WithoutHttpsCertificate()
            .WithEnvironment("ASPNETCORE_ENVIRONMENT", "Production")
            .WithEnvironment("DOTNET_ENVIRONMENT", "Production")
            .WithEnvironment("Logging__Console__FormatterOptions__SingleLine", "true")
            // DCP stops the dashboard with everything else and kills what is still running 5 s after SIGTERM: a service's
            // last telemetry flush must give up sooner than OTLP's default 10 s (the export itself takes milliseconds).
            .WithEnvironment("OTEL_EXPORTER_OTLP_TIMEOUT", "1000")
            // The per-install key the gateway signs access tokens with and every service validates them with.
            .WithEnvironment("Auth__SigningKey", signingKey);
        foreach (var (key, value) in settings.Retention) project.WithEnvironment($"Retention__{key}", value);
        foreach (var (key, value) in SharedMachineRuntime)
        {
            if (Environment.GetEnvironmentVariable(key) is null) project.WithEnvironment(key, value);
        }
        if (!settings.Telemetry)
        {
            // Benchmarks: no collector, so no instrumentation (ServiceDefaults turns it all off without an endpoint).
            project.WithEnvironment(context =>
            {
                foreach (var key in context.EnvironmentVariables.Keys.Where(k => k.StartsWith("OTEL_", StringComparison.Ordinal)).ToList())
                    context.EnvironmentVariables.Remove(key);
            });
        }
        return project;
    }
}
