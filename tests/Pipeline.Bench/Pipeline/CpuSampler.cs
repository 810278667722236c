using System.Globalization;
using Smarketing.Pipeline.Bench.Reporting;

namespace Smarketing.Pipeline.Bench.Pipeline;

/// <summary>
/// CPU time per resource from /proc: a resource's CPU is that of the process in each instance's snapshot and of every
/// process below it (a project's `dotnet run` and the service under it, PostgreSQL's backends, RabbitMQ's beam and its
/// helpers, each replica). The load generator itself (with the in-process AppHost) is counted as "bench"; DCP, which
/// runs the processes and the proxies in front of every service endpoint, as "dcp".
/// </summary>
internal sealed class CpuSampler(ResourceInstances resources)
{
    private const double TicksPerSecond = 100; // USER_HZ, 100 on every Linux build that matters
    public const string Bench = "bench (load generator + AppHost)";
    public const string Dcp = "dcp (Aspire's orchestrator + endpoint proxies)";
    public const string Other = "other (not this run)";
    private const string OtherPrefix = "other:";

    public const string Interrupts = "kernel irq/softirq (network)";
    public const string Steal = "steal (hypervisor)";
    private int _dcp;

    /// <summary>CPU seconds per live process (with its owner) and the kernel's own rows, at one moment.</summary>
    public sealed record Sample(DateTime At, IReadOnlyDictionary<int, (string Owner, double Seconds)> Processes,
        IReadOnlyDictionary<string, double> Kernel, double MachineBusySeconds, double MachineTotalSeconds);

    /// <summary>
    /// CPU seconds per owner between two samples, process by process: a process that exits in between (a PostgreSQL
    /// backend whose pooled connection was pruned) takes its total with it, so totals per owner could fall.
    /// </summary>
    public static Dictionary<string, double> Deltas(Sample from, Sample to)
    {
        var deltas = new Dictionary<string, double>();
        foreach (var (pid, (owner, seconds)) in to.Processes)
        {
            var before = from.Processes.TryGetValue(pid, out var earlier) && earlier.Owner == owner ? earlier.Seconds : 0;
            deltas[owner] = deltas.GetValueOrDefault(owner) + Math.Max(0, seconds - before);
        }
        foreach (var (row, seconds) in to.Kernel) deltas[row] = Math.Max(0, seconds - from.Kernel.GetValueOrDefault(row));
        return deltas;
    }

    public Sample Take()
    {
        var stats = new Dictionary<int, (int Parent, long CpuTicks, string Name)>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), out var pid) && ReadStat(pid) is { } stat) stats[pid] = stat;
        }
        var roots = new Dictionary<int, string> { [Environment.ProcessId] = Bench };
        if (FindDcp(stats) is > 0 and var dcp) roots[dcp] = Dcp;
        foreach (var (resource, pid) in resources.Roots()) roots[pid] = resource;

        // A process belongs to the nearest resource (or DCP, or the bench) above it.
        var owners = new Dictionary<int, string?>();
        string? OwnerOf(int pid, int depth)
        {
            if (owners.TryGetValue(pid, out var known)) return known;
            if (depth > 64 || !stats.TryGetValue(pid, out var stat)) return null;
            var owner = roots.GetValueOrDefault(pid) ?? (stat.Parent > 1 ? OwnerOf(stat.Parent, depth + 1) : null);
            owners[pid] = owner;
            return owner;
        }

        var processes = new Dictionary<int, (string Owner, double Seconds)>();
        foreach (var (pid, stat) in stats)
        {
            // Anything outside this run is named by its program, so "other" can say who it was.
            processes[pid] = (OwnerOf(pid, 0) ?? OtherPrefix + stat.Name, stat.CpuTicks / TicksPerSecond);
        }
        var kernel = new Dictionary<string, double>();

        // user nice system idle iowait irq softirq steal: interrupts and steal belong to no process, so they get their own rows.
        var cpu = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(double.Parse).ToArray();
        var idle = cpu[3] + cpu[4];
        var total = cpu.Take(8).Sum();
        kernel[Interrupts] = (cpu[5] + cpu[6]) / TicksPerSecond;
        kernel[Steal] = cpu[7] / TicksPerSecond;
        return new Sample(DateTime.UtcNow, processes, kernel, (total - idle) / TicksPerSecond, total / TicksPerSecond);
    }

    /// <summary>Cores used per resource between two samples, busiest first, and the machine's busy share (0–1).</summary>
    public static (IReadOnlyList<CpuShare> Shares, double MachineBusy) Between(Sample from, Sample to)
    {
        var wall = (to.At - from.At).TotalSeconds;
        if (wall <= 0) return ([], 0);
        var deltas = Deltas(from, to);
        var shares = deltas
            .Where(kv => !kv.Key.StartsWith(OtherPrefix, StringComparison.Ordinal))
            .Where(kv => kv.Key is not (Interrupts or Steal) || kv.Value >= 0.01 * wall)
            .Select(kv => new CpuShare(kv.Key, Math.Round(kv.Value / wall, 2)))
            .OrderByDescending(s => s.Cores)
            .ToList();
        var others = deltas
            .Where(kv => kv.Key.StartsWith(OtherPrefix, StringComparison.Ordinal))
            .Select(kv => (Name: kv.Key[OtherPrefix.Length..], Cores: kv.Value / wall))
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
    public static IReadOnlyList<CpuCost> PerLead(Sample from, Sample to, long leads) => leads <= 0 ? [] : Deltas(from, to)
        .Where(kv => kv.Key is not (Bench or Interrupts or Steal) && !kv.Key.StartsWith(OtherPrefix, StringComparison.Ordinal))
        .Select(kv => new CpuCost(kv.Key, Math.Round(kv.Value * 1000 / leads, 2)))
        .OrderByDescending(c => c.MsPerLead)
        .ToList();

    public static string Top(IEnumerable<CpuShare> shares, int count) =>
        string.Join(", ", shares.Take(count).Select(s => $"{s.Resource.Split(' ')[0]} {s.Cores:0.00}{(s.Detail is null ? "" : $" ({s.Detail})")}"));

    /// <summary>
    /// DCP's API server: Aspire starts it detached (its parent is init) with `--monitor {the bench's pid}`, and every
    /// other DCP process and every resource process runs below it. Found once, again only if it is gone.
    /// </summary>
    private int FindDcp(Dictionary<int, (int Parent, long CpuTicks, string Name)> stats)
    {
        if (stats.TryGetValue(_dcp, out var known) && known.Name == "dcp") return _dcp;
        var monitored = Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        foreach (var pid in stats.Where(s => s.Value.Name == "dcp").Select(s => s.Key))
        {
            string[] args;
            try
            {
                args = File.ReadAllText($"/proc/{pid}/cmdline").Split('\0');
            }
            catch (IOException)
            {
                continue;
            }
            catch (UnauthorizedAccessException)
            {
                continue;
            }
            var monitor = Array.IndexOf(args, "--monitor");
            if (args.Contains("start-apiserver") && monitor >= 0 && monitor + 1 < args.Length && args[monitor + 1] == monitored) return _dcp = pid;
        }
        return 0;
    }

    /// <summary>Parent and utime+stime of one process; fields counted after the command name, which may hold spaces.</summary>
    private static (int Parent, long CpuTicks, string Name)? ReadStat(int pid)
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
        // fields[0] is field 3 (state): ppid is field 4, utime 14, stime 15.
        var name = text[(text.IndexOf('(') + 1)..text.LastIndexOf(')')];
        return (int.Parse(fields[1]), long.Parse(fields[11]) + long.Parse(fields[12]), name);
    }
}
