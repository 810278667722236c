using System.Diagnostics;

namespace Smarketing.AppHost.Hosting;

/// <summary>
/// A child process in its own process group (started through setsid), so stopping it stops everything it
/// spawned. Its output goes line by line to the owning resource's log.
/// </summary>
internal sealed class ManagedProcess
{
    private readonly Process _process;
    private readonly TaskCompletionSource<int> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ManagedProcess(Process process, string name) => (_process, Name) = (process, name);

    /// <summary>The program's file name (dotnet, postgres, epmd…).</summary>
    public string Name { get; }
    public int Pid => _process.Id;
    public DateTime StartedAt { get; } = DateTime.UtcNow;
    public Task<int> Exited => _exited.Task;
    public bool HasExited => _exited.Task.IsCompleted;

    public static ManagedProcess Start(
        string fileName,
        IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string> environment,
        string workingDirectory,
        Action<string> onOutput,
        string? runAsUser = null)
    {
        var info = new ProcessStartInfo("setsid")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        if (runAsUser is not null)
        {
            // setpriv execs in place (unlike runuser, which forks), so the pid we hold is the server itself.
            foreach (var a in new[] { "setpriv", $"--reuid={runAsUser}", $"--regid={runAsUser}", "--init-groups", "--" }) info.ArgumentList.Add(a);
        }
        info.ArgumentList.Add(fileName);
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        foreach (var (key, value) in environment) info.Environment[key] = value;

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var managed = new ManagedProcess(process, Path.GetFileName(fileName));
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) onOutput(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) onOutput(e.Data); };
        process.Exited += (_, _) =>
        {
            // Exited can fire before the last output lines; WaitForExit() drains them first.
            process.WaitForExit();
            managed._exited.TrySetResult(process.ExitCode);
        };
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return managed;
    }

    /// <summary>Asks politely (<paramref name="signal"/> to the leader, or to the whole group), then kills the group.</summary>
    public async Task StopAsync(TimeSpan grace, int signal = Posix.SIGTERM, bool signalGroup = true)
    {
        if (!HasExited)
        {
            if (signalGroup) Posix.SignalGroup(Pid, signal);
            else Posix.Signal(Pid, signal);
            await Task.WhenAny(Exited, Task.Delay(grace));
        }
        // Whatever is left of the group (the leader or its children) goes now.
        if (Posix.GroupAlive(Pid)) Posix.SignalGroup(Pid, Posix.SIGKILL);
        await Task.WhenAny(Exited, Task.Delay(TimeSpan.FromSeconds(2)));
    }

    public void Kill() => Posix.SignalGroup(Pid, Posix.SIGKILL);
}
