namespace Smarketing.AppHost.Hosting.Resources;

public enum ResourceState { NotStarted, Waiting, Starting, Running, Unhealthy, Stopping, Exited, FailedToStart }

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
    private readonly object _gate = new();
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
