namespace Smarketing.AppHost.Hosting.Resources;

/// <summary>
/// A .NET service run from its built dll (never `dotnet run`), one process per replica, each on its own
/// port, configured only through Aspire's environment variables.
/// </summary>
public sealed class ProjectResource(string name, string projectPath) : ProcessResource(name)
{
    private static readonly HttpClient Probe = new() { Timeout = TimeSpan.FromSeconds(5) };
    private readonly List<int> _ports = [];

    public override string Kind => "Project";
    public string ProjectPath => projectPath;
    public int Replicas { get; internal set; } = 1;
    public int? FixedPort { get; internal set; }
    public List<IResourceWithConnectionString> ConnectionReferences { get; } = [];
    public List<ProjectResource> ServiceReferences { get; } = [];
    public Dictionary<string, string> ExtraEnvironment { get; } = [];
    /// <summary>Secret values, resolved when the process starts so they never sit in the app model.</summary>
    public Dictionary<string, Func<Secrets, string>> Parameters { get; } = [];

    /// <summary>One URL per replica, in replica order (services__{name}__http__{i}).</summary>
    public IReadOnlyList<string> Urls => _ports.Select(p => FixedPort == p ? $"http://localhost:{p}" : $"http://127.0.0.1:{p}").ToList();
    public override string? Endpoint => string.Join(" ", Urls);
    public override IReadOnlyList<ResourceEndpoint> Endpoints =>
        Urls.Select((url, i) => new ResourceEndpoint(Replicas > 1 ? $"http ({Name}-{i})" : "http", url)).ToList();

    public override IReadOnlyList<string> References =>
        WaitsFor.Select(r => r.Name).Concat(ConnectionReferences.Select(r => r.Name)).Concat(ServiceReferences.Select(r => r.Name)).Distinct().ToList();

    public override IReadOnlyList<KeyValuePair<string, string>> Environment =>
        _ports.Count == 0 ? [] : EnvironmentFor(0).OrderBy(e => e.Key, StringComparer.Ordinal).ToList();

    /// <summary>One row per replica, named {name}-{i} like its service.instance.id.</summary>
    public override IReadOnlyList<ReplicaInfo> Instances
    {
        get
        {
            var processes = Processes;
            return Enumerable.Range(0, Replicas).Select(i =>
            {
                var process = i < processes.Count ? processes[i] : null;
                return new ReplicaInfo($"{Name}-{i}", process?.Pid, i < _ports.Count ? Urls[i] : null, process is { HasExited: false }, process?.StartedAt);
            }).ToList();
        }
    }

    public string DllPath
    {
        get
        {
            var dir = Path.Combine(Context.Options.RepositoryRoot, Path.GetDirectoryName(projectPath)!);
            var assembly = Path.GetFileName(projectPath);
            return Path.Combine(dir, "bin", Context.Options.Configuration, "net10.0", assembly + ".dll");
        }
    }

    private static readonly (string Key, string Value)[] SharedMachineRuntime =
    [
        ("DOTNET_gcServer", "0"),
        ("DOTNET_ThreadPool_UnfairSemaphoreSpinLimit", "0"),
        ("DOTNET_TieredPGO", "0"),
    ];

    internal override void Prepare()
    {
        _ports.Clear();
        for (var i = 0; i < Replicas; i++) _ports.Add(FixedPort is { } port && Replicas == 1 ? port : Context.FreePort());
    }

    /// <summary>The environment a replica starts with: Aspire's variable names, so the service also runs under a real Aspire AppHost.</summary>
    public Dictionary<string, string> EnvironmentFor(int replica)
    {
        var env = new Dictionary<string, string>
        {
            ["ASPNETCORE_URLS"] = Urls[replica],
            ["ASPNETCORE_ENVIRONMENT"] = Context.Options.EnvironmentName,
            ["DOTNET_ENVIRONMENT"] = Context.Options.EnvironmentName,
            ["OTEL_SERVICE_NAME"] = Name,
            ["OTEL_RESOURCE_ATTRIBUTES"] = $"service.instance.id={Name}-{replica}",
            ["DOTNET_NOLOGO"] = "1",
            ["Logging__Console__FormatterOptions__SingleLine"] = "true",
        };
        // Every service runs on the same few cores here. Server GC (a heap and a GC thread per core in every process)
        // and the thread pool's spin-waiting before a worker sleeps both burn CPU that the work itself needs once a dozen
        // processes share two cores. So does profile-guided JIT: every hot method is compiled twice more (instrumented, then
        // optimised), which after each start kept two cores busy for a minute and doubled the first leads' latency (pipeline
        // bench --hold 5: 281 → 158 ms of CPU per lead, p50 59 → 22 ms, over the first 40 s). A variable the AppHost itself
        // was started with wins (to measure the difference).
        foreach (var (key, value) in SharedMachineRuntime)
            if (System.Environment.GetEnvironmentVariable(key) is null) env[key] = value;
        if (Context.OtlpEndpoint is { } otlp)
        {
            env["OTEL_EXPORTER_OTLP_ENDPOINT"] = otlp;
            env["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf";
            if (Context.OtlpHeaders is { } headers) env["OTEL_EXPORTER_OTLP_HEADERS"] = headers;
            // Aspire's development cadence: the dashboard shows a request within a second or two, not a minute.
            env["OTEL_BSP_SCHEDULE_DELAY"] = "1000";
            env["OTEL_BLRP_SCHEDULE_DELAY"] = "1000";
            env["OTEL_METRIC_EXPORT_INTERVAL"] = "2000";
        }
        foreach (var reference in ConnectionReferences) env[$"ConnectionStrings__{reference.Name}"] = reference.ConnectionString;
        foreach (var service in ServiceReferences)
        {
            for (var i = 0; i < service.Urls.Count; i++) env[$"services__{service.Name}__http__{i}"] = service.Urls[i];
        }
        foreach (var (key, value) in ExtraEnvironment) env[key] = value;
        foreach (var (key, value) in Parameters) env[key] = value(Context.Secrets);
        return env;
    }

    internal override async Task StartAsync(CancellationToken ct)
    {
        var dll = DllPath;
        if (!File.Exists(dll)) throw new FileNotFoundException($"{dll} is not built; run `make build` (dotnet build Smarketing.sln -c {Context.Options.Configuration}).", dll);

        await Task.WhenAll(Enumerable.Range(0, Replicas).Select(async i =>
        {
            var process = Launch("dotnet", [dll], EnvironmentFor(i), Path.GetDirectoryName(dll)!);
            await WaitUntilReadyAsync(process, token => IsHealthyAsync(Urls[i], token), ct);
        }));
    }

    internal override Task StopAsync() => StopProcessesAsync(TimeSpan.FromSeconds(6));

    internal override async Task<(bool Healthy, string Report)> CheckHealthAsync(CancellationToken ct)
    {
        var reports = new List<string>();
        var healthy = true;
        foreach (var url in Urls)
        {
            try
            {
                using var response = await Probe.GetAsync(url + "/health", ct);
                var body = await response.Content.ReadAsStringAsync(ct);
                healthy &= response.IsSuccessStatusCode;
                reports.Add($"{url}: {(int)response.StatusCode} {body}");
            }
            catch (Exception ex)
            {
                healthy = false;
                reports.Add($"{url}: {ex.Message}");
            }
        }
        return (healthy, string.Join("; ", reports));
    }

    private static async Task<bool> IsHealthyAsync(string url, CancellationToken ct)
    {
        using var response = await Probe.GetAsync(url + "/health", ct);
        return response.IsSuccessStatusCode;
    }
}
