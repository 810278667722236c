using System.Text;

namespace Smarketing.Pipeline.Bench.Reporting;

/// <summary>The console's view: a line per finished step while the run goes, the full table at the end.</summary>
public static class ConsoleTables
{
    private const string Header =
        "  step                    purpose               held?  accepted/s  assigned/s  assigned p50/p90/p99/max ms        follow-up p50/p99 ms  HTTP p50/p99 ms  drain";

    public static string StepLine(StepResult s) =>
        $"  {s.Label,-23} {Trim(s.Purpose, 20),-20}  {(s.Sustained ? "held" : "BEHIND"),-6} {s.AcceptedLeadsPerSecond,10:#,0.#}  {s.AssignedLeadsPerSecond,10:#,0.#}  " +
        $"{Quad(s.CaptureToAssigned),-34} {Pair(s.CaptureToFollowUp),-21} {Pair(s.Http),-16} {s.DrainSeconds,4:0} s" +
        (s.Sustained ? "" : $"{Environment.NewLine}      behind: {string.Join("; ", s.Reasons)}");

    public static string Final(BenchReport r)
    {
        var text = new StringBuilder();
        text.AppendLine();
        text.AppendLine($"Pipeline benchmark ({r.Mode}) on {r.Machine.Cores} cores, {r.Machine.MemoryGiB:0.#} GiB, commit {r.Machine.GitCommit[..Math.Min(10, r.Machine.GitCommit.Length)]}" +
                        $"{(r.Machine.GitDirty ? " (dirty)" : "")}; {r.DurationSeconds:0} s in all, platform start {r.PlatformStartSeconds:0} s");
        text.AppendLine();
        text.AppendLine("Raw limits (same machine, same run):");
        var mq = r.RawLimits.RabbitMq;
        text.AppendLine($"  RabbitMQ persistent + confirms ({mq.Channels}×{mq.InFlightPerChannel} in flight, {mq.MessageBytes} B): published {mq.PublishedPerSecond:N0}/s, consumed {mq.ConsumedPerSecond:N0}/s; " +
                        $"one at a time: {mq.SerialPublishedPerSecond:N0}/s (confirm p50 {mq.SerialConfirm.P50:N2} ms)");
        var pg = r.RawLimits.Postgres;
        text.AppendLine($"  PostgreSQL lead + outbox row per tx ({pg.Connections} connections): {pg.TransactionsPerSecond:N0} tx/s (tx p50 {pg.Commit.P50:N2} ms, p99 {pg.Commit.P99:N2} ms)");
        foreach (var http in new[] { r.RawLimits.KestrelDirect, r.RawLimits.ThroughYarp })
            text.AppendLine($"  {http.Name,-15} 1 KB JSON POST ({http.Concurrency} connections): {http.RequestsPerSecond:N0} req/s, p50 {http.Latency.P50:N2} ms, p99 {http.Latency.P99:N2} ms");
        text.AppendLine();
        text.AppendLine("Pipeline (capture → LeadAssigned from the events' own timestamps):");
        text.AppendLine(Header);
        foreach (var s in r.SingleSteps.Concat(r.BatchSteps)) text.AppendLine(StepLine(s));
        text.AppendLine();
        text.AppendLine("Ratios:");
        foreach (var ratio in r.Ratios) text.AppendLine($"  {ratio.Name,-40} {ratio.Value,7:0.000}  ({ratio.Numerator:#,0.#} / {ratio.Denominator:N0})");
        text.AppendLine();
        text.AppendLine("Targets:");
        foreach (var t in r.Targets) text.AppendLine($"  [{Mark(t.Passed)}] {t.Target}: {t.Measured}");
        return text.ToString();
    }

    public static string Mark(bool? passed) => passed switch { true => "PASS", false => "FAIL", null => "n/a " };

    public static string Quad(LatencyStats l) => l.Count == 0 ? "-" : $"{l.P50:N0} / {l.P90:N0} / {l.P99:N0} / {l.Max:N0}";

    public static string Pair(LatencyStats l) => l.Count == 0 ? "-" : $"{l.P50:N0} / {l.P99:N0}";

    private static string Trim(string text, int width) => text.Length <= width ? text : text[..(width - 1)] + "…";
}
