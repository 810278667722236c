namespace Smarketing.AppHost.Hosting;

/// <summary>
/// Remembers the process groups a run started, so a run after a crash of the AppHost itself (SIGKILL, power
/// loss) can stop what the crashed run left behind before it binds the same data directories.
/// </summary>
internal static class PidFiles
{
    private static string Dir(HostContext context) => context.PathFor("run");

    public static void Write(HostContext context, string key, int pid, string program)
    {
        Directory.CreateDirectory(Dir(context));
        File.WriteAllText(Path.Combine(Dir(context), key + ".pid"), $"{pid}\n{program}\n");
    }

    public static void Remove(HostContext context, string key) => File.Delete(Path.Combine(Dir(context), key + ".pid"));

    /// <summary>Kills every recorded group whose leader is still the program we started (pids get reused).</summary>
    public static int KillLeftovers(HostContext context)
    {
        if (!Directory.Exists(Dir(context))) return 0;
        var killed = 0;
        foreach (var file in Directory.GetFiles(Dir(context), "*.pid"))
        {
            var lines = File.ReadAllLines(file);
            if (lines.Length >= 2 && int.TryParse(lines[0], out var pid) && IsStill(pid, lines[1]))
            {
                Posix.SignalGroup(pid, Posix.SIGKILL);
                killed++;
            }
            File.Delete(file);
        }
        if (killed > 0) Thread.Sleep(500);
        return killed;
    }

    private static bool IsStill(int pid, string program)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Contains(program, StringComparison.Ordinal);
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }
}
