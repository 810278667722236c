namespace Smarketing.AppHost.Hosting.Resources;

public enum ResourceState { NotStarted, Waiting, Starting, Running, Unhealthy, Stopping, Exited, FailedToStart }

/// <summary>A health check's outcome, kept for the dashboard.</summary>
public sealed record HealthReport(DateTime At, bool Healthy, string Report);

/// <summary>An address a resource listens on.</summary>
public sealed record ResourceEndpoint(string Name, string Url);

/// <summary>One process of a resource (a project runs one per replica).</summary>
public sealed record ReplicaInfo(string Name, int? Pid, string? Url, bool Running, DateTime? StartedAt);

/// <summary>A resource that hands out a connection string under its own name (ConnectionStrings__{name}).</summary>
public interface IResourceWithConnectionString
{
    string Name { get; }
    string ConnectionString { get; }
}

/// <summary>
/// Something the AppHost runs and watches, on Aspire's model: it waits for its dependencies, starts, becomes
/// healthy, and keeps its own log. Subclasses say how to start, stop and probe it.
/// </summary>
public abstract class Resource(string name)
{
    private const int HealthHistory = 10;
    private readonly object _gate = new();
    private readonly LinkedList<HealthReport> _healthReports = new();
    private TaskCompletionSource _healthy = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string Name { get; } = name;
    public abstract string Kind { get; }
    public ResourceState State { get; private set; } = ResourceState.NotStarted;
    public string? HealthReport { get; internal set; }
    public int? ExitCode { get; internal set; }
    public int Restarts { get; internal set; }
    public List<Resource> WaitsFor { get; } = [];
    public LogBuffer Logs { get; } = new();

    /// <summary>Completes when the resource first becomes healthy (or fails to start) in the current run.</summary>
    public Task Healthy => _healthy.Task;

    public virtual IReadOnlyList<int> ProcessIds => [];
    public virtual string? Endpoint => null;
    public virtual IReadOnlyList<ResourceEndpoint> Endpoints => [];
    public virtual DateTime? StartedAt => null;
    public virtual IReadOnlyList<ReplicaInfo> Instances => [];

    /// <summary>What the resource is given or waits for, by name (its references in the app model).</summary>
    public virtual IReadOnlyList<string> References => WaitsFor.Select(r => r.Name).ToList();

    /// <summary>The environment its process starts with (unmasked: the dashboard masks secrets).</summary>
    public virtual IReadOnlyList<KeyValuePair<string, string>> Environment => [];

    /// <summary>The latest health checks, newest first.</summary>
    public IReadOnlyList<HealthReport> HealthReports
    {
        get { lock (_gate) return [.. _healthReports]; }
    }

    internal HostContext Context { get; set; } = null!;
    internal event Action<Resource>? StateChanged;

    internal void SetState(ResourceState state, string? report = null)
    {
        lock (_gate)
        {
            State = state;
            if (report is not null) HealthReport = report;
        }
        StateChanged?.Invoke(this);
    }

    internal void RecordHealth(bool healthy, string report)
    {
        lock (_gate)
        {
            _healthReports.AddFirst(new HealthReport(DateTime.UtcNow, healthy, report));
            while (_healthReports.Count > HealthHistory) _healthReports.RemoveLast();
        }
    }

    internal void MarkHealthy() => _healthy.TrySetResult();

    internal void MarkFailed(Exception ex) => _healthy.TrySetException(ex);

    internal void ResetHealth()
    {
        if (_healthy.Task.IsCompleted) _healthy = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    internal void Log(string line) => Context.Output(this, line);

    /// <summary>Allocates ports and paths before anything starts, so every reference can be resolved up front.</summary>
    internal virtual void Prepare() { }

    /// <summary>Starts the resource and returns once it is ready to be used.</summary>
    internal abstract Task StartAsync(CancellationToken ct);

    internal abstract Task StopAsync();

    /// <summary>Kills the processes without a graceful stop, as a crash would.</summary>
    internal virtual void Kill() { }

    internal abstract Task<(bool Healthy, string Report)> CheckHealthAsync(CancellationToken ct);

    /// <summary>Completes when a process of this resource exits on its own.</summary>
    internal virtual Task<int> Exited => Task.Delay(Timeout.Infinite).ContinueWith(_ => 0);
}
