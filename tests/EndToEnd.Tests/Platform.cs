using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Smarketing.AppHost.Local;

namespace Smarketing.EndToEnd.Tests;

/// <summary>
/// The whole set from the AppHost's own app model through Aspire.Hosting.Testing, on free ports and a throw-away data
/// directory, with Aspire's dashboard on. Stop and start go through the resources' own commands; a kill takes the process
/// ids from the resource snapshots.
/// </summary>
public sealed class Platform : IAsyncDisposable
{
    private readonly ResourceLogs _logs;
    private readonly string _configuredDashboardUrl;
    private readonly ConcurrentDictionary<string, ResourceEvent> _latest = new();
    private readonly CancellationTokenSource _watching = new();

    private Platform(DistributedApplication app, string dataDir, string dashboardUrl, ResourceLogs logs, string apiKey, string adminPassword)
    {
        App = app;
        DataDir = dataDir;
        _configuredDashboardUrl = dashboardUrl;
        _logs = logs;
        Secrets = InstallSecrets.LoadOrCreate(dataDir, apiKey, adminPassword);
        _ = WatchAsync();
    }

    /// <summary>The latest snapshot of every resource instance (each replica is one), as the dashboard sees them.</summary>
    private async Task WatchAsync()
    {
        try
        {
            await foreach (var update in App.ResourceNotifications.WatchAsync(_watching.Token)) _latest[update.ResourceId] = update;
        }
        catch (OperationCanceledException) { }
    }

    public DistributedApplication App { get; }
    public string DataDir { get; }
    public InstallSecrets Secrets { get; }
    /// <summary>The dashboard's address (scheme, host and port of the URL it shows for itself).</summary>
    public string DashboardUrl => new Uri(DashboardLoginUrl).GetLeftPart(UriPartial.Authority);

    /// <summary>The dashboard's sign-in link with this run's browser token, as Aspire shows it (and `make run` prints it).</summary>
    public string DashboardLoginUrl
    {
        get
        {
            var dashboard = _latest.Values.FirstOrDefault(e => e.Resource.Name == "aspire-dashboard")
                ?? throw new InvalidOperationException("No dashboard resource: " + string.Join(", ", _latest.Keys));
            return dashboard.Snapshot.Urls.FirstOrDefault(u => !u.IsInternal && u.Name == "http")?.Url
                ?? throw new InvalidOperationException($"The dashboard has no URL ({dashboard.Snapshot.State?.Text}): {string.Join(", ", dashboard.Snapshot.Urls.Select(u => $"{u.Name}={u.Url}"))}; {_configuredDashboardUrl}");
        }
    }

    /// <summary>The key of the dashboard's telemetry API (X-API-Key), as the AppHost gave it to the dashboard.</summary>
    public string DashboardApiKey
    {
        get
        {
            var environment = _latest.Values.FirstOrDefault(e => e.Resource.Name == "aspire-dashboard")?.Snapshot.EnvironmentVariables ?? [];
            return environment.FirstOrDefault(v => v.Name == "DASHBOARD__API__PRIMARYAPIKEY")?.Value
                ?? throw new InvalidOperationException("The dashboard resource shows no telemetry API key (DASHBOARD__API__PRIMARYAPIKEY); it has: "
                    + string.Join(", ", environment.Select(v => v.Name).Where(n => n.StartsWith("DASHBOARD__", StringComparison.Ordinal))));
        }
    }

    /// <summary>What the dashboard holds of one signal ("spans" or "logs"), as its telemetry API's OTLP JSON.</summary>
    public async Task<string> TelemetryAsync(string signal, int limit = 20_000)
    {
        using var dashboard = new HttpClient { BaseAddress = new Uri(DashboardUrl) };
        dashboard.DefaultRequestHeaders.Add("X-API-Key", DashboardApiKey);
        using var response = await dashboard.GetAsync($"/api/telemetry/{signal}?limit={limit}");
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"The dashboard's telemetry API answered {(int)response.StatusCode}: {body}");
        return body;
    }

    public ResourceNotificationService Notifications => App.ResourceNotifications;
    public IReadOnlyList<IResource> Resources => App.Services.GetRequiredService<DistributedApplicationModel>().Resources.ToList();

    public IResource this[string name] => Resources.Single(r => r.Name == name);

    public static async Task<Platform> StartAsync(bool dashboard = true, IEnumerable<string>? extraArgs = null, TimeSpan? timeout = null)
    {
        var dataDir = Path.Combine(Path.GetTempPath(), "smarketing-test-" + Guid.NewGuid().ToString("N")[..10]);
        var (dashboardPort, otlpPort, resourcePort) = (FreePort(), FreePort(), FreePort());
        var (apiKey, adminPassword) = ($"test_{Guid.NewGuid():N}", $"admin-{Guid.NewGuid():N}");
        string[] args =
        [
            $"SMARKETING_DATA_DIR={dataDir}",
            "SMARKETING_GATEWAY_PORT=0",
            "SMARKETING_RELAXED_DURABILITY=true",
            $"SMARKETING_API_KEY={apiKey}",
            $"SMARKETING_ADMIN_PASSWORD={adminPassword}",
            $"ASPNETCORE_URLS=http://localhost:{dashboardPort}",
            $"ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL=http://localhost:{otlpPort}",
            $"ASPIRE_RESOURCE_SERVICE_ENDPOINT_URL=http://localhost:{resourcePort}",
            "ASPIRE_ALLOW_UNSECURED_TRANSPORT=true",
            "ASPIRE_VERSION_CHECK_DISABLED=true",
            .. extraArgs ?? [],
        ];
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Smarketing_AppHost>(args, (options, _) => options.DisableDashboard = !dashboard);
        var logs = new ResourceLogs();
        builder.Services.AddLogging(logging => logging.AddProvider(logs)
            // The test log keeps the AppHost's warnings; each resource's output is captured (and written to a file at the end).
            .AddFilter<Microsoft.Extensions.Logging.Console.ConsoleLoggerProvider>(null, LogLevel.Warning)
            .AddFilter<Microsoft.Extensions.Logging.Console.ConsoleLoggerProvider>("Microsoft.Extensions.Diagnostics.HealthChecks", LogLevel.None)
            .AddFilter<Microsoft.Extensions.Logging.Console.ConsoleLoggerProvider>($"{builder.Environment.ApplicationName}.Resources", LogLevel.None));
        var app = await builder.BuildAsync();
        var platform = new Platform(app, dataDir, $"http://localhost:{dashboardPort}", logs, apiKey, adminPassword);
        try
        {
            using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(4));
            await app.StartAsync(cancel.Token);
            await app.ResourceNotifications.WaitForResourceHealthyAsync("gateway", cancel.Token);
            return platform;
        }
        catch (Exception ex)
        {
            var diagnosis = platform.Diagnose();
            await platform.DisposeAsync();
            throw new InvalidOperationException($"The platform did not become healthy: {ex.Message}\n{diagnosis}", ex);
        }
    }

    public HttpClient CreateHttpClient(string resource)
    {
        var client = App.CreateHttpClient(resource, "http");
        client.Timeout = TimeSpan.FromMinutes(2);
        return client;
    }

    public string GetConnectionString(string resource) =>
        App.GetConnectionStringAsync(resource).AsTask().GetAwaiter().GetResult() ?? throw new InvalidOperationException($"{resource} has no connection string.");

    /// <summary>What a resource's processes wrote, oldest first (every replica).</summary>
    public IReadOnlyList<string> Logs(string resource) => _logs.Of(resource);

    public IEnumerable<(string Resource, string Line)> AllLogs() => _logs.All();

    /// <summary>The latest snapshot of each instance (replica) of a resource.</summary>
    public IReadOnlyList<ResourceEvent> Instances(string resource) =>
        _latest.Values.Where(e => e.Resource.Name == resource).OrderBy(e => e.ResourceId, StringComparer.Ordinal).ToList();

    /// <summary>The process id of each instance, from its snapshot (for a project, the `dotnet run` that DCP started).</summary>
    public IReadOnlyList<int> ProcessIds(string resource) =>
        Instances(resource).Select(e => e.Snapshot.Properties.FirstOrDefault(p => p.Name == "executable.pid")?.Value)
            .Select(v => v is null ? 0 : Convert.ToInt32(v)).Where(pid => pid > 0).ToList();

    /// <summary>Stops a resource with its own Stop command; returns once every instance has stopped.</summary>
    public async Task StopResourceAsync(string name)
    {
        var result = await App.ResourceCommands.ExecuteCommandAsync(this[name], KnownResourceCommands.StopCommand);
        if (!result.Success) throw new InvalidOperationException($"Stopping {name} failed: {result.Message}");
        await WaitForTerminalAsync(name);
    }

    /// <summary>Starts a stopped or exited resource with its own Start command; returns once it is healthy.</summary>
    public async Task StartResourceAsync(string name)
    {
        var result = await App.ResourceCommands.ExecuteCommandAsync(this[name], KnownResourceCommands.StartCommand);
        if (!result.Success) throw new InvalidOperationException($"Starting {name} failed: {result.Message}");
        using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await Notifications.WaitForResourceHealthyAsync(name, cancel.Token);
    }

    /// <summary>
    /// Kills every process of a resource with SIGKILL, as a crash would: the process in its snapshot and everything below
    /// it (for a project, the service under `dotnet run`). Returns once the resource shows it has exited.
    /// </summary>
    public async Task KillAsync(string name)
    {
        var pids = ProcessIds(name);
        if (pids.Count == 0) throw new InvalidOperationException($"{name} has no process id in its snapshot.");
        foreach (var pid in pids.SelectMany(ProcessTree.Descendants).Concat(pids).Distinct().ToList()) ProcessTree.Kill(pid);
        await WaitForTerminalAsync(name);
    }

    /// <summary>Kills one instance (replica) of a resource with SIGKILL; returns its instance id once it shows it has exited.</summary>
    public async Task<string> KillInstanceAsync(string name, int replica)
    {
        var instance = Instances(name)[replica];
        var pid = instance.Snapshot.Properties.FirstOrDefault(p => p.Name == "executable.pid")?.Value is { } value ? Convert.ToInt32(value) : 0;
        if (pid <= 0) throw new InvalidOperationException($"{instance.ResourceId} has no process id in its snapshot.");
        foreach (var process in ProcessTree.Descendants(pid).Append(pid).ToList()) ProcessTree.Kill(process);
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await Notifications.WaitForResourceAsync(name, e => e.ResourceId == instance.ResourceId
            && e.Snapshot.State?.Text is { } state && KnownResourceStates.TerminalStates.Contains(state), cancel.Token);
        return instance.ResourceId;
    }

    /// <summary>Starts one exited instance again with its own Start command; returns once it is healthy.</summary>
    public async Task StartInstanceAsync(string name, string instanceId)
    {
        var result = await App.ResourceCommands.ExecuteCommandAsync(instanceId, KnownResourceCommands.StartCommand);
        if (!result.Success) throw new InvalidOperationException($"Starting {instanceId} failed: {result.Message}");
        using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await Notifications.WaitForResourceAsync(name, e => e.ResourceId == instanceId
            && e.Snapshot.HealthStatus == Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy, cancel.Token);
    }

    /// <summary>
    /// Kills one PostgreSQL backend serving <paramref name="database"/> with SIGKILL: the postmaster then ends every other
    /// backend and recovers, as after a crash, so every service loses its connections at once. The pid killed.
    /// </summary>
    public int KillPostgresBackend(string database)
    {
        var server = ProcessIds("postgres").Single();
        var backend = ProcessTree.Descendants(server).FirstOrDefault(pid => ProcessTree.CommandLine(pid).Contains($" {database} ", StringComparison.Ordinal));
        if (backend == 0) throw new InvalidOperationException($"No PostgreSQL backend serves {database}.");
        ProcessTree.Kill(backend);
        return backend;
    }

    private async Task WaitForTerminalAsync(string name)
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        foreach (var id in Instances(name).Select(e => e.ResourceId))
        {
            // Aspire matches a wait by resource name; each replica's events carry its own instance id.
            await Notifications.WaitForResourceAsync(name, e => e.ResourceId == id
                && e.Snapshot.State?.Text is { } state && KnownResourceStates.TerminalStates.Contains(state), cancel.Token);
        }
    }

    public string Diagnose()
    {
        var text = new System.Text.StringBuilder();
        foreach (var resource in Resources.Where(r => r is not ParameterResource))
        {
            foreach (var instance in Instances(resource.Name))
            {
                var snapshot = instance.Snapshot;
                text.AppendLine($"--- {instance.ResourceId}: {snapshot.State?.Text ?? "?"}, health {snapshot.HealthStatus?.ToString() ?? "-"}, exit code {snapshot.ExitCode?.ToString() ?? "-"}");
                if (snapshot.HealthStatus is not Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy)
                    foreach (var line in Logs(resource.Name).TakeLast(15)) text.AppendLine("    " + line);
            }
        }
        return text.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        await _watching.CancelAsync();
        await App.StopAsync();
        await App.DisposeAsync();
        // Every resource's output of the run, for reading after a failure (the data directory goes below).
        var logFile = Path.Combine(Path.GetTempPath(), $"smarketing-e2e-{DateTime.UtcNow:yyyyMMdd-HHmmss}.log");
        await File.WriteAllLinesAsync(logFile, AllLogs().Select(l => $"{l.Resource}: {l.Line}"));
        Console.WriteLine($"The resources' logs of this run: {logFile}");
        try
        {
            if (Directory.Exists(DataDir)) Directory.Delete(DataDir, recursive: true);
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

/// <summary>The processes below a process, from /proc.</summary>
public static class ProcessTree
{
    public static IEnumerable<int> Descendants(int pid)
    {
        foreach (var child in Children(pid))
        {
            yield return child;
            foreach (var grandchild in Descendants(child)) yield return grandchild;
        }
    }

    public static IEnumerable<int> Children(int pid)
    {
        var tasks = $"/proc/{pid}/task";
        if (!Directory.Exists(tasks)) yield break;
        foreach (var task in Directory.EnumerateDirectories(tasks))
        {
            string children;
            try { children = File.ReadAllText(Path.Combine(task, "children")); }
            catch (IOException) { continue; }
            foreach (var child in children.Split(' ', StringSplitOptions.RemoveEmptyEntries)) yield return int.Parse(child);
        }
    }

    /// <summary>The process's command line as ps shows it (a PostgreSQL backend names its user, database and client there).</summary>
    public static string CommandLine(int pid)
    {
        try { return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' '); }
        catch (IOException) { return ""; }
        catch (UnauthorizedAccessException) { return ""; }
    }

    public static bool IsAlive(int pid)
    {
        try
        {
            // A zombie has exited; only its parent has not read its status yet.
            return File.ReadAllText($"/proc/{pid}/stat").Split(' ')[2] != "Z";
        }
        catch (IOException) { return false; }
        catch (UnauthorizedAccessException) { return true; }
    }

    public static void Kill(int pid)
    {
        try { Process.GetProcessById(pid).Kill(); }
        catch (ArgumentException) { }
        catch (InvalidOperationException) { }
    }
}

/// <summary>
/// Every line the resources wrote: Aspire.Hosting.Testing forwards resource logs to the test host's loggers under
/// "{AppHost}.Resources.{resource}".
/// </summary>
internal sealed class ResourceLogs : ILoggerProvider
{
    private const string Marker = ".Resources.";
    private readonly ConcurrentDictionary<string, ConcurrentQueue<string>> _lines = new();

    public IReadOnlyList<string> Of(string resource) => _lines.TryGetValue(resource, out var lines) ? lines.ToList() : [];

    public IEnumerable<(string Resource, string Line)> All() => _lines.SelectMany(r => r.Value.Select(l => (r.Key, l)));

    public ILogger CreateLogger(string categoryName)
    {
        var at = categoryName.IndexOf(Marker, StringComparison.Ordinal);
        return at < 0 ? Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance : new Capture(_lines.GetOrAdd(categoryName[(at + Marker.Length)..], _ => new()));
    }

    public void Dispose() { }

    private sealed class Capture(ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue(formatter(state, exception));
    }
}
