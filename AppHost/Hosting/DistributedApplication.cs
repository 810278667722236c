using System.Runtime.InteropServices;
using System.Text;
using Smarketing.AppHost.Dashboard;
using Smarketing.AppHost.Hosting.Resources;

namespace Smarketing.AppHost.Hosting;

/// <summary>
/// Runs the app model: starts each resource once its dependencies are healthy, watches health and exits,
/// and stops everything in reverse dependency order.
/// </summary>
public sealed class DistributedApplication : IAsyncDisposable
{
    private static readonly TimeSpan HealthInterval = TimeSpan.FromSeconds(5);
    private readonly HostContext _context;
    private readonly List<Resource> _resources;
    private readonly CancellationTokenSource _lifetime = new();
    private Task? _monitor;
    private bool _stopped;

    internal DistributedApplication(HostContext context, List<Resource> resources)
    {
        _context = context;
        _resources = resources;
        foreach (var resource in resources) resource.StateChanged += OnStateChanged;
    }

    public IReadOnlyList<Resource> Resources => _resources;
    public AppHostOptions Options => _context.Options;
    /// <summary>The ops dashboard, once started (null when the options turn it off).</summary>
    public DashboardServer? Dashboard { get; private set; }
    public Secrets Secrets => _context.Secrets;

    public Resource this[string name] => _resources.FirstOrDefault(r => r.Name == name)
        ?? throw new KeyNotFoundException($"No resource named {name}.");

    /// <summary>Starts every resource in the background; <see cref="WaitForHealthyAsync"/> tells when all are up.</summary>
    public async Task StartAsync()
    {
        var leftovers = PidFiles.KillLeftovers(_context);
        if (leftovers > 0) _context.Info($"stopped {leftovers} process group(s) left behind by an earlier run");
        foreach (var resource in _resources) resource.Prepare();
        if (_context.Options.Dashboard)
        {
            // First, so the services are started already pointing their telemetry at it and ops can watch the start.
            Dashboard = await DashboardServer.StartAsync(this, _context);
            if (_context.OtlpEndpoint is null)
            {
                _context.OtlpEndpoint = Dashboard.OtlpEndpoint;
                _context.OtlpHeaders = $"{DashboardServer.OtlpKeyHeader}={Dashboard.OtlpKey}";
            }
            _context.Info($"dashboard: {Dashboard.LoginUrl}");
        }
        foreach (var resource in _resources) _ = RunAsync(resource, waitForDependencies: true);
        _monitor = MonitorHealthAsync(_lifetime.Token);
    }

    /// <summary>Waits until every resource is healthy; on timeout or failure, says which one, in what state, and its last log lines.</summary>
    public async Task WaitForHealthyAsync(TimeSpan? timeout = null)
    {
        var all = Task.WhenAll(_resources.Select(r => r.Healthy));
        var limit = timeout ?? _context.Options.StartTimeout + TimeSpan.FromSeconds(60);
        var finished = await Task.WhenAny(all, Task.Delay(limit));
        if (finished == all && all.IsCompletedSuccessfully) return;
        throw new InvalidOperationException(
            (finished == all ? "A resource failed to start." : $"Not every resource was healthy within {limit.TotalSeconds:0} s.") + "\n" + Diagnose());
    }

    /// <summary>Kills a resource's processes (as a crash would) without stopping the rest.</summary>
    public void Kill(string name) => this[name].Kill();

    /// <summary>Stops one resource (its dependents keep running and see it go); returns when it has exited.</summary>
    public async Task StopResourceAsync(string name)
    {
        var resource = this[name];
        resource.SetState(ResourceState.Stopping);
        await resource.StopAsync();
        resource.SetState(ResourceState.Exited);
    }

    /// <summary>Starts a stopped or exited resource again; returns when it is healthy.</summary>
    public async Task StartResourceAsync(string name)
    {
        var resource = this[name];
        // Clears what is left of an exited run (its process list and exit signal) before starting afresh.
        if (resource.State is ResourceState.Exited or ResourceState.FailedToStart) await resource.StopAsync();
        resource.Restarts++;
        resource.ResetHealth();
        await RunAsync(resource, waitForDependencies: false);
        await resource.Healthy;
    }

    public async Task RestartAsync(string name)
    {
        await StopResourceAsync(name);
        await StartResourceAsync(name);
    }

    public async Task StopAsync()
    {
        if (_stopped) return;
        _stopped = true;
        await _lifetime.CancelAsync();
        // Dependents first (gateway, services), then what they depend on (databases, broker, cache).
        foreach (var layer in _resources.GroupBy(Depth).OrderByDescending(g => g.Key))
        {
            await Task.WhenAll(layer.Select(async r =>
            {
                if (r.State is ResourceState.NotStarted or ResourceState.FailedToStart && r.ProcessIds.Count == 0) return;
                r.SetState(ResourceState.Stopping);
                await r.StopAsync();
                r.SetState(ResourceState.Exited);
            }));
        }
        if (_monitor is not null) await _monitor.ContinueWith(_ => { });
        if (Dashboard is not null) await Dashboard.DisposeAsync();
    }

    /// <summary>`make run`: start, print where everything is, and stop cleanly on Ctrl+C or SIGTERM.</summary>
    public async Task RunAsync()
    {
        var stop = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; stop.TrySetResult(); });
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.TrySetResult(); });

        await StartAsync();
        var healthy = WaitForHealthyAsync();
        if (await Task.WhenAny(healthy, stop.Task) == healthy)
        {
            try
            {
                await healthy;
                Console.WriteLine(Summary());
            }
            catch (Exception ex)
            {
                Console.Error.WriteLine(ex.Message);
                await StopAsync();
                Environment.ExitCode = 1;
                return;
            }
            await stop.Task;
        }
        _context.Info("stopping…");
        var started = DateTime.UtcNow;
        await StopAsync();
        _context.Info($"stopped everything in {(DateTime.UtcNow - started).TotalSeconds:0.0} s");
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _lifetime.Dispose();
        if (_context.Options.Ephemeral)
        {
            try { Directory.Delete(_context.DataDir, recursive: true); }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
    }

    /// <summary>The table printed on start: resources, state, processes, endpoints, and how to sign in.</summary>
    public string Summary()
    {
        var text = new StringBuilder();
        text.AppendLine();
        text.AppendLine($"{"Resource",-14} {"Kind",-11} {"State",-10} {"PID",-14} Endpoint");
        foreach (var r in _resources)
        {
            text.AppendLine($"{r.Name,-14} {r.Kind,-11} {r.State,-10} {string.Join(",", r.ProcessIds),-14} {r.Endpoint}");
        }
        text.AppendLine();
        if (_resources.OfType<ProjectResource>().FirstOrDefault(p => p.Name == "gateway") is { } gateway)
        {
            text.AppendLine($"Gateway:   {gateway.Urls[0]}   (send leads to {gateway.Urls[0]}/api/leads)");
        }
        if (Dashboard is not null) text.AppendLine($"Dashboard: {Dashboard.LoginUrl}   (a new sign-in token every run)");
        text.AppendLine($"Data:      {_context.DataDir}");
        text.AppendLine(_context.Secrets.CreatedNow || _context.Options.ApiKey is not null
            ? $"X-Api-Key: {_context.Secrets.ApiKey}   (shown once: keep it; it is also in {Path.Combine(_context.DataDir, "secrets.json")})"
            : $"X-Api-Key: created on first run, kept in {Path.Combine(_context.DataDir, "secrets.json")}");
        text.AppendLine(_context.Secrets.CreatedNow || _context.Options.AdminPassword is not null
            ? $"Sign in:   admin@smarketing.local / {_context.Secrets.AdminPassword}   (shown once)"
            : "Sign in:   admin@smarketing.local with the password shown on first run (kept in secrets.json)");
        text.AppendLine("Press Ctrl+C to stop everything.");
        return text.ToString();
    }

    private async Task RunAsync(Resource resource, bool waitForDependencies)
    {
        try
        {
            if (waitForDependencies && resource.WaitsFor.Count > 0)
            {
                resource.SetState(ResourceState.Waiting);
                try
                {
                    await Task.WhenAll(resource.WaitsFor.Select(d => d.Healthy));
                }
                catch (Exception)
                {
                    var failed = resource.WaitsFor.Where(d => !d.Healthy.IsCompletedSuccessfully).Select(d => d.Name);
                    throw new InvalidOperationException($"{resource.Name} did not start: {string.Join(", ", failed)} did not come up.");
                }
            }
            _lifetime.Token.ThrowIfCancellationRequested();
            resource.SetState(ResourceState.Starting);
            resource.ExitCode = null;
            await resource.StartAsync(_lifetime.Token);
            resource.SetState(ResourceState.Running, "started");
            resource.RecordHealth(true, "started: ready probe passed");
            resource.MarkHealthy();
            _ = WatchExitAsync(resource);
        }
        catch (Exception ex)
        {
            if (_lifetime.IsCancellationRequested) return;
            resource.Log($"failed to start: {ex.Message}");
            resource.SetState(ResourceState.FailedToStart, ex.Message);
            resource.MarkFailed(ex);
        }
    }

    private async Task WatchExitAsync(Resource resource)
    {
        var code = await resource.Exited;
        if (resource.State is ResourceState.Stopping || _stopped) return;
        resource.ExitCode = code;
        resource.SetState(ResourceState.Exited, $"exited with code {code}");
    }

    private async Task MonitorHealthAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(HealthInterval, ct);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            foreach (var resource in _resources.Where(r => r.State is ResourceState.Running or ResourceState.Unhealthy))
            {
                var (healthy, report) = await resource.CheckHealthAsync(ct).ContinueWith(t => t.IsCompletedSuccessfully ? t.Result : (false, "health check failed"));
                if (resource.State is not (ResourceState.Running or ResourceState.Unhealthy)) continue;
                resource.RecordHealth(healthy, report);
                var state = healthy ? ResourceState.Running : ResourceState.Unhealthy;
                if (state != resource.State) resource.SetState(state, report);
                else resource.HealthReport = report;
            }
        }
    }

    private void OnStateChanged(Resource resource)
    {
        if (resource.State is ResourceState.Running or ResourceState.Unhealthy or ResourceState.Exited or ResourceState.FailedToStart)
        {
            _context.Info($"{resource.Name} is {resource.State}{(resource.ExitCode is { } code ? $" (exit code {code})" : "")}");
        }
    }

    private string Diagnose()
    {
        var text = new StringBuilder();
        foreach (var r in _resources.Where(r => !r.Healthy.IsCompletedSuccessfully))
        {
            text.AppendLine($"--- {r.Name} ({r.Kind}): {r.State}; health: {r.HealthReport ?? "none"}; exit code: {r.ExitCode?.ToString() ?? "-"}");
            foreach (var line in r.Logs.Tail(25)) text.AppendLine($"    {line.Text}");
        }
        return text.ToString();
    }

    private static int Depth(Resource resource) =>
        resource.WaitsFor.Count == 0 ? 0 : 1 + resource.WaitsFor.Max(Depth);
}
