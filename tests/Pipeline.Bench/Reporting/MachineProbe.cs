using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Smarketing.Pipeline.Bench.Reporting;

/// <summary>The machine and the code the figures belong to: cores and memory from /proc, the commit from git.</summary>
internal static class MachineProbe
{
    public static MachineInfo Describe(string repositoryRoot)
    {
        var cpuinfo = File.ReadAllLines("/proc/cpuinfo");
        var model = cpuinfo.FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown";
        var memKb = File.ReadAllLines("/proc/meminfo")
            .Where(l => l.StartsWith("MemTotal:", StringComparison.Ordinal))
            .Select(l => long.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]))
            .FirstOrDefault();
        var kernel = File.ReadAllText("/proc/sys/kernel/osrelease").Trim();
        var commit = Git(repositoryRoot, "rev-parse", "HEAD") ?? "unknown";
        var branch = Git(repositoryRoot, "rev-parse", "--abbrev-ref", "HEAD") ?? "unknown";
        var dirty = (Git(repositoryRoot, "status", "--porcelain", "--untracked-files=no") ?? "").Length > 0;
        return new MachineInfo(Environment.ProcessorCount, model, Math.Round(memKb / 1048576.0, 1), kernel,
            RuntimeInformation.FrameworkDescription, commit, dirty, branch);
    }

    public static string LoadAverage() => string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3));

    private static string? Git(string root, params string[] args)
    {
        try
        {
            var info = new ProcessStartInfo("git") { WorkingDirectory = root, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var a in args) info.ArgumentList.Add(a);
            using var git = Process.Start(info)!;
            var output = git.StandardOutput.ReadToEnd().Trim();
            git.WaitForExit();
            return git.ExitCode == 0 ? output : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}
