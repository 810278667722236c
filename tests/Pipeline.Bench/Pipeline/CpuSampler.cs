using Smarketing.AppHost.Hosting.Resources;
using Smarketing.Pipeline.Bench.Reporting;

namespace Smarketing.Pipeline.Bench.Pipeline;

/// <summary>
/// CPU time per resource from /proc: the AppHost starts every process in its own process group, so a resource's CPU is
/// that of every process whose group is one of the resource's processes (PostgreSQL's backends, RabbitMQ's beam, each
/// replica). The load generator itself (with the in-process AppHost) is counted as "bench".
/// </summary>
internal sealed class CpuSampler(IReadOnlyList<Resource> resources)
{
    private const double TicksPerSecond = 100; // USER_HZ, 100 on every Linux build that matters
    public const string Bench = "bench (load generator + AppHost)";
    public const string Other = "other (not this run)";
    private const string OtherPrefix = "other:";

    public const string Interrupts = "kernel irq/softirq (network)";
    public const string Steal = "steal (hypervisor)";

    public sealed record Sample(DateTime At, IReadOnlyDictionary<string, double> CpuSeconds, double MachineBusySeconds, double MachineTotalSeconds);

    public Sample Take()
    {
        var groups = new Dictionary<int, string>();
        foreach (var resource in resources)
            foreach (var pid in resource.ProcessIds) groups[pid] = resource.Name;

        var stats = new Dictionary<int, (int Parent, int Group, long CpuTicks, string Name)>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), out var pid) && ReadStat(pid) is { } stat) stats[pid] = stat;
        }
        var owners = new Dictionary<int, string?>();
        string? OwnerOf(int pid, int depth)
        {
            if (owners.TryGetValue(pid, out var known)) return known;
            if (depth > 64 || !stats.TryGetValue(pid, out var stat)) return null;
            var owner = pid == Environment.ProcessId ? Bench
                : groups.GetValueOrDefault(stat.Group) ?? (stat.Parent > 1 ? OwnerOf(stat.Parent, depth + 1) : null);
            owners[pid] = owner;
            return owner;
        }

        var seconds = new Dictionary<string, double>();
        foreach (var (pid, stat) in stats)
        {
            // PostgreSQL's backends start sessions of their own, so a process also belongs to the resource its parent belongs to.
            // Anything else is named by its program, so "other" can say who it was.
            var owner = OwnerOf(pid, 0) ?? OtherPrefix + stat.Name;
            seconds[owner] = seconds.GetValueOrDefault(owner) + stat.CpuTicks / TicksPerSecond;
        }

        // user nice system idle iowait irq softirq steal: interrupts and steal belong to no process, so they get their own rows.
        var cpu = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(double.Parse).ToArray();
        var idle = cpu[3] + cpu[4];
        var total = cpu.Take(8).Sum();
        seconds[Interrupts] = (cpu[5] + cpu[6]) / TicksPerSecond;
        seconds[Steal] = cpu[7] / TicksPerSecond;
        return new Sample(DateTime.UtcNow, seconds, (total - idle) / TicksPerSecond, total / TicksPerSecond);
    }

    /// <summary>Cores used per resource between two samples, busiest first, and the machine's busy share (0–1).</summary>
    public static (IReadOnlyList<CpuShare> Shares, double MachineBusy) Between(Sample from, Sample to)
    {
        var wall = (to.At - from.At).TotalSeconds;
        if (wall <= 0) return ([], 0);
        var shares = to.CpuSeconds
            .Where(kv => !kv.Key.StartsWith(OtherPrefix, StringComparison.Ordinal))
            .Where(kv => kv.Key is not (Interrupts or Steal) || kv.Value - from.CpuSeconds.GetValueOrDefault(kv.Key) >= 0.01 * wall)
            .Select(kv => new CpuShare(kv.Key, Math.Round(Math.Max(0, kv.Value - from.CpuSeconds.GetValueOrDefault(kv.Key)) / wall, 2)))
            .OrderByDescending(s => s.Cores)
            .ToList();
        var others = to.CpuSeconds
            .Where(kv => kv.Key.StartsWith(OtherPrefix, StringComparison.Ordinal))
            .Select(kv => (Name: kv.Key[OtherPrefix.Length..], Cores: (kv.Value - from.CpuSeconds.GetValueOrDefault(kv.Key)) / wall))
            .Where(o => o.Cores >= 0.02)
            .OrderByDescending(o => o.Cores)
            .Take(3)
            .Select(o => $"{o.Name} {o.Cores:0.00}")
            .ToList();
        var total = to.MachineTotalSeconds - from.MachineTotalSeconds;
        var busy = total > 0 ? (to.MachineBusySeconds - from.MachineBusySeconds) / total : 0;
        // Whatever else the machine ran meanwhile (another build, another test run) shows here, so a disturbed run says so.
        var other = busy * Environment.ProcessorCount - shares.Sum(s => s.Cores);
        if (other >= 0.01) shares = [.. shares, new CpuShare(Other, Math.Round(other, 2), others.Count == 0 ? null : string.Join(", ", others))];
        return (shares.OrderByDescending(s => s.Cores).ToList(), Math.Round(busy, 3));
    }

    /// <summary>CPU ms per lead per resource between two samples; the bench's own and the kernel's rows left out.</summary>
    public static IReadOnlyList<CpuCost> PerLead(Sample from, Sample to, long leads) => leads <= 0 ? [] : to.CpuSeconds
        .Where(kv => kv.Key is not (Bench or Interrupts or Steal) && !kv.Key.StartsWith(OtherPrefix, StringComparison.Ordinal))
        .Select(kv => new CpuCost(kv.Key, Math.Round(Math.Max(0, kv.Value - from.CpuSeconds.GetValueOrDefault(kv.Key)) * 1000 / leads, 2)))
        .OrderByDescending(c => c.MsPerLead)
        .ToList();

    public static string Top(IEnumerable<CpuShare> shares, int count) =>
        string.Join(", ", shares.Take(count).Select(s => $"{s.Resource.Split(' ')[0]} {s.Cores:0.00}{(s.Detail is null ? "" : $" ({s.Detail})")}"));

    /// <summary>Parent, process group and utime+stime of one process; fields counted after the command name, which may hold spaces.</summary>
    private static (int Parent, int Group, long CpuTicks, string Name)? ReadStat(int pid)
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
        var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
        // fields[0] is field 3 (state): ppid is field 4, pgrp 5, utime 14, stime 15.
        var name = text[(text.IndexOf('(') + 1)..text.LastIndexOf(')')];
        return (int.Parse(fields[1]), int.Parse(fields[2]), long.Parse(fields[11]) + long.Parse(fields[12]), name);
    }
}
