namespace Smarketing.AppHost.Hosting.Resources;

/// <summary>A resource backed by local processes: tracks them, reports their exit, and stops them as a group.</summary>
public abstract class ProcessResource(string name) : Resource(name)
{
    private readonly List<ManagedProcess> _processes = [];
    private TaskCompletionSource<int> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public override IReadOnlyList<int> ProcessIds
    {
        get { lock (_processes) return _processes.Where(p => !p.HasExited).Select(p => p.Pid).ToList(); }
    }

    public override DateTime? StartedAt { get { lock (_processes) return _processes.FirstOrDefault(p => !p.HasExited)?.StartedAt; } }

    public override IReadOnlyList<ReplicaInfo> Instances =>
        Processes.Select(p => new ReplicaInfo(p.Name, p.Pid, null, !p.HasExited, p.StartedAt)).ToList();

    /// <summary>The processes of the current run, in launch order (a project's replica i is process i).</summary>
    internal IReadOnlyList<ManagedProcess> Processes
    {
        get { lock (_processes) return [.. _processes]; }
    }

    internal override Task<int> Exited => _exited.Task;

    internal ManagedProcess Launch(string fileName, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment,
        string workingDirectory, string? runAsUser = null)
    {
        var process = ManagedProcess.Start(fileName, arguments, environment, workingDirectory, Log, runAsUser);
        lock (_processes) _processes.Add(process);
        PidFiles.Write(Context, $"{Name}-{process.Pid}", process.Pid, Path.GetFileName(fileName));
        var exited = _exited;
        _ = process.Exited.ContinueWith(t =>
        {
            PidFiles.Remove(Context, $"{Name}-{process.Pid}");
            exited.TrySetResult(t.Result);
        }, TaskScheduler.Default);
        return process;
    }

    /// <summary>Runs a one-shot command (initdb, chown) to completion; a non-zero exit fails the start.</summary>
    internal async Task RunToCompletionAsync(string fileName, IEnumerable<string> arguments, string? runAsUser = null,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var process = ManagedProcess.Start(fileName, arguments, environment ?? new Dictionary<string, string>(), Context.DataDir, Log, runAsUser);
        var code = await process.Exited;
        if (code != 0) throw new InvalidOperationException($"{Path.GetFileName(fileName)} exited with code {code}.");
    }

    internal async Task StopProcessesAsync(TimeSpan grace, int signal = Posix.SIGTERM, bool signalGroup = true)
    {
        List<ManagedProcess> running;
        lock (_processes)
        {
            running = [.. _processes];
            _processes.Clear();
        }
        // Stop in reverse start order: a server before the helper it needed (RabbitMQ before its epmd).
        running.Reverse();
        foreach (var process in running)
        {
            await process.StopAsync(grace, signal, signalGroup);
            // The exit continuation removes it too, but maybe only after the stop has returned.
            if (process.HasExited) PidFiles.Remove(Context, $"{Name}-{process.Pid}");
        }
        _exited = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    internal override void Kill()
    {
        lock (_processes) foreach (var process in _processes) process.Kill();
    }

    internal void EnsureRunning(ManagedProcess process)
    {
        if (process.HasExited) throw new InvalidOperationException($"{Name} exited with code {process.Exited.Result} while starting.");
    }

    /// <summary>Polls <paramref name="probe"/> until it succeeds, the process dies, or the start timeout passes.</summary>
    internal async Task WaitUntilReadyAsync(ManagedProcess process, Func<CancellationToken, Task<bool>> probe, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + Context.Options.StartTimeout;
        while (true)
        {
            EnsureRunning(process);
            try
            {
                using var attempt = CancellationTokenSource.CreateLinkedTokenSource(ct);
                attempt.CancelAfter(TimeSpan.FromSeconds(5));
                if (await probe(attempt.Token)) return;
            }
            catch (Exception) when (!ct.IsCancellationRequested)
            {
                // not ready yet
            }
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{Name} was not ready within {Context.Options.StartTimeout.TotalSeconds:0} s.");
            await Task.Delay(250, ct);
        }
    }
}
