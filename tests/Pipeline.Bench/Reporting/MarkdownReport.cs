using System.Globalization;
using System.Text;

namespace Smarketing.Pipeline.Bench.Reporting;

/// <summary>The Markdown report: every figure of the JSON, as tables a reviewer can read in a pull request.</summary>
public static class MarkdownReport
{
    private const string PlatformTotal = "**platform total**";

    public static string Render(BenchReport r)
    {
        var md = new StringBuilder();
        var steps = r.SingleSteps.Concat(r.BatchSteps).ToList();
        md.AppendLine($"# Pipeline benchmark ({r.Mode}), {r.StartedAtUtc:yyyy-MM-dd HH:mm} UTC");
        md.AppendLine();
        md.AppendLine($"Commit `{r.Machine.GitCommit}` on `{r.Machine.GitBranch}`{(r.Machine.GitDirty ? " (with uncommitted changes)" : "")}. " +
                      $"{r.Machine.Cores} cores ({r.Machine.CpuModel}), {r.Machine.MemoryGiB:0.#} GiB memory, Linux {r.Machine.Kernel}, {r.Machine.Runtime}. " +
                      $"Run took {r.DurationSeconds:0} s (platform start {r.PlatformStartSeconds:0} s).");
        md.AppendLine();
        md.AppendLine($"Platform: the AppHost's app model, {r.Platform.Configuration} build, " +
                      $"{(r.Platform.Durable ? "durable (PostgreSQL fsync on, as `make run`)" : "ephemeral (PostgreSQL fsync off)")}, dashboard {(r.Platform.Dashboard ? "on" : "off")}; " +
                      $"replicas: {string.Join(", ", r.Platform.Replicas.Select(kv => $"{kv.Key} {kv.Value}"))}; " +
                      $"{r.Platform.SalesReps} bench sales reps with capacity {r.Platform.RepCapacity:N0} each, on shift 24/7.");
        md.AppendLine();

        md.AppendLine($"Idle before any load ({r.Idle.Seconds:0} s): machine {r.Idle.MachineBusy.ToString("P0", CultureInfo.InvariantCulture)} busy; " +
                      string.Join(", ", r.Idle.Shares.Where(s => s.Cores >= 0.01).Select(s => $"{s.Resource} {s.Cores.ToString("0.00", CultureInfo.InvariantCulture)}{(s.Detail is null ? "" : $" ({s.Detail})")}")) + " cores.");
        md.AppendLine();

        md.AppendLine("## Targets");
        md.AppendLine();
        md.AppendLine("| Target | Measured | Result |");
        md.AppendLine("|---|---|---|");
        foreach (var t in r.Targets) md.AppendLine($"| {t.Target} | {t.Measured} | {ConsoleTables.Mark(t.Passed).Trim()} |");
        md.AppendLine();

        md.AppendLine("## Raw limits of this machine (same run)");
        md.AppendLine();
        var mq = r.RawLimits.RabbitMq;
        var pg = r.RawLimits.Postgres;
        md.AppendLine("| Limit | How | Throughput | Latency p50 / p99 |");
        md.AppendLine("|---|---|---|---|");
        md.AppendLine($"| RabbitMQ | persistent {mq.MessageBytes} B messages, durable queue, publisher confirms, {mq.Channels} channels × {mq.InFlightPerChannel} in flight, consumed at once (prefetch 500), {mq.Seconds:0.#} s | " +
                      $"{N(mq.PublishedPerSecond)} published/s, {N(mq.ConsumedPerSecond)} consumed/s | – |");
        md.AppendLine($"| RabbitMQ, one at a time | as above, one publish awaiting its confirm before the next (how the outbox relay publishes) | {N(mq.SerialPublishedPerSecond)} msgs/s | {Ms(mq.SerialConfirm.P50)} / {Ms(mq.SerialConfirm.P99)} |");
        md.AppendLine($"| PostgreSQL | BEGIN; INSERT lead row; INSERT outbox row (1 KB jsonb); COMMIT — {pg.Connections} connections, {pg.Seconds:0.#} s, {pg.Transactions:N0} tx | {N(pg.TransactionsPerSecond)} tx/s | {Ms(pg.Commit.P50)} / {Ms(pg.Commit.P99)} |");
        foreach (var http in new[] { r.RawLimits.KestrelDirect, r.RawLimits.ThroughYarp })
            md.AppendLine($"| {http.Name} | {http.BodyBytes} B JSON POST, closed loop, {http.Concurrency} connections, {http.Seconds:0.#} s, {http.Errors:N0} errors | {N(http.RequestsPerSecond)} req/s | {Ms(http.Latency.P50)} / {Ms(http.Latency.P99)} |");
        md.AppendLine();

        md.AppendLine("## Ratios");
        md.AppendLine();
        md.AppendLine("| Ratio | Value | Figures | Note |");
        md.AppendLine("|---|---|---|---|");
        foreach (var ratio in r.Ratios) md.AppendLine($"| {ratio.Name} | {ratio.Value:0.000} | {ratio.Numerator.ToString("#,0.#", CultureInfo.InvariantCulture)} / {N(ratio.Denominator)} | {ratio.Explanation} |");
        md.AppendLine();

        md.AppendLine("## Pipeline steps");
        md.AppendLine();
        var c = r.Plan.Criteria;
        md.AppendLine($"Hot leads (scored A, assigned, given a cadence) posted through the gateway at a fixed open-loop rate for {r.Plan.StepSeconds:0} s per step, " +
                      $"single (`POST /api/leads`) and in batches (`POST /api/leads/batch`, {r.Plan.BatchesPerSecond:0} a second of rate/{r.Plan.BatchesPerSecond:0} leads, 10 to {r.Plan.MaxBatchSize}). Latencies come from the events themselves: " +
                      "capture → assigned is `LeadAssigned.assignedAt − LeadReceived.receivedAt`; capture → follow-up is the first `FollowUpScheduled` envelope's " +
                      "`sentTime − receivedAt` (the event carries no time of its own); observed is the bench's send time to the `LeadAssigned` arriving at its own queue. " +
                      $"A step is **held** when: requests not sent for want of an answer (in-flight limit {r.Plan.SingleInFlightLimit} single, {r.Plan.BatchInFlightLimit} batches) and failed requests are each ≤ {c.MaxFailedShare:P0}; " +
                      $"≥ {c.MinAcceptedShare:P0} of offered leads accepted; ≥ {c.MinAssignedShare:P0} of offered leads assigned by the end of the step + {c.GraceSeconds:0.#} s; " +
                      $"p99 capture → assigned ≤ {c.MaxP99Ms:N0} ms. Between steps the platform drains (every queue and outbox empty, at most {r.Plan.MaxDrainSeconds:0} s).");
        md.AppendLine();
        md.AppendLine("| Step | Purpose | Held | Offered/s | Accepted/s | Assigned/s (in step) | Capture → assigned p50 / p90 / p99 / max ms | Capture → follow-up p50 / p90 / p99 / max ms | Observed → assigned p50 / p99 ms | HTTP p50 / p99 / max ms | Requests (failed, not sent) | Assigned / followed up (after drain) | Drain s | Why behind |");
        md.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var s in steps)
        {
            md.AppendLine($"| {s.Label} | {s.Purpose} | {(s.Sustained ? "yes" : "**no**")} | {N(s.OfferedLeadsPerSecond)} | {N(s.AcceptedLeadsPerSecond)} | {N(s.AssignedLeadsPerSecond)} | " +
                          $"{Quad(s.CaptureToAssigned)} | {Quad(s.CaptureToFollowUp)} | {Ms(s.ObservedToAssigned.P50)} / {Ms(s.ObservedToAssigned.P99)} | " +
                          $"{Ms(s.Http.P50)} / {Ms(s.Http.P99)} / {Ms(s.Http.Max)} | {s.RequestsSent:N0} ({s.RequestsFailed:N0}, {s.SendMisses:N0}) | " +
                          $"{s.AssignedTotal:N0} / {s.FollowUpTotal:N0} of {s.LeadsAccepted:N0} | {s.DrainSeconds:0.#}{(s.Drained ? "" : " (not drained)")} | {Cell(string.Join("; ", s.Reasons))} |");
        }
        md.AppendLine();

        if (steps.Count > 0)
        {
            md.AppendLine("## Where a lead's time goes (p50 / p99 ms per hop)");
            md.AppendLine();
            md.AppendLine("| Hop | " + string.Join(" | ", steps.Select(s => s.Label)) + " |");
            md.AppendLine("|---|" + string.Concat(steps.Select(_ => "---|")));
            foreach (var stage in steps[0].Stages.Select(st => st.Stage))
            {
                md.AppendLine($"| {stage} | " + string.Join(" | ", steps.Select(s =>
                    s.Stages.FirstOrDefault(st => st.Stage == stage) is { } found ? $"{Ms(found.Latency.P50)} / {Ms(found.Latency.P99)}" : "–")) + " |");
            }
            md.AppendLine();

            md.AppendLine("## CPU while sending (cores; 1.0 = one core busy)");
            md.AppendLine();
            var resources = steps.SelectMany(s => s.Cpu).GroupBy(x => x.Resource).OrderByDescending(g => g.Max(x => x.Cores)).Select(g => g.Key).ToList();
            md.AppendLine("| Resource | " + string.Join(" | ", steps.Select(s => s.Label)) + " |");
            md.AppendLine("|---|" + string.Concat(steps.Select(_ => "---|")));
            foreach (var resource in resources)
                md.AppendLine($"| {resource} | " + string.Join(" | ", steps.Select(s => s.Cpu.FirstOrDefault(x => x.Resource == resource) is { } c
                    ? c.Cores.ToString("0.00", CultureInfo.InvariantCulture) + (c.Detail is null ? "" : $" ({c.Detail})") : "–")) + " |");
            md.AppendLine("| **machine busy** | " + string.Join(" | ", steps.Select(s => s.MachineCpuBusy.ToString("P0", CultureInfo.InvariantCulture))) + " |");
            md.AppendLine();

            md.AppendLine("## CPU per lead (ms of CPU per accepted lead, from the step's start until it drained; idle background included)");
            md.AppendLine();
            var costly = steps.SelectMany(s => s.CpuPerLead).GroupBy(x => x.Resource).OrderByDescending(g => g.Max(x => x.MsPerLead)).Select(g => g.Key).ToList();
            md.AppendLine("| Resource | " + string.Join(" | ", steps.Select(s => s.Label)) + " |");
            md.AppendLine("|---|" + string.Concat(steps.Select(_ => "---|")));
            foreach (var resource in costly)
                md.AppendLine($"| {resource} | " + string.Join(" | ", steps.Select(s => s.CpuPerLead.FirstOrDefault(x => x.Resource == resource) is { } c ? Ms(c.MsPerLead) : "–")) + " |");
            md.AppendLine($"| {PlatformTotal} | " + string.Join(" | ", steps.Select(s =>
                s.CpuPerLead.Count == 0 ? "–" : Ms(s.CpuPerLead.Sum(x => x.MsPerLead)))) + " |");
            md.AppendLine();

            md.AppendLine("## PostgreSQL work per lead (transactions / rows read / rows written per accepted lead, from the step's start until it drained)");
            md.AppendLine();
            md.AppendLine("| Database | " + string.Join(" | ", steps.Select(s => s.Label)) + " |");
            md.AppendLine("|---|" + string.Concat(steps.Select(_ => "---|")));
            foreach (var database in steps.SelectMany(s => s.DatabasePerLead).Select(d => d.Database).Distinct().Order(StringComparer.Ordinal))
                md.AppendLine($"| {database} | " + string.Join(" | ", steps.Select(s => s.DatabasePerLead.FirstOrDefault(d => d.Database == database) is { } d
                    ? $"{Amount(d.Transactions)} / {Amount(d.RowsRead)} / {Amount(d.RowsWritten)}" : "–")) + " |");
            md.AppendLine();

            md.AppendLine("## Backlog when sending stopped");
            md.AppendLine();
            md.AppendLine("| Step | Queues (messages ready) | Outboxes (rows unsent) |");
            md.AppendLine("|---|---|---|");
            foreach (var s in steps)
                md.AppendLine($"| {s.Label} | {Backlogs(s.QueuesAtEnd, 6)} | {Backlogs(s.OutboxAtEnd, 5)} |");
            md.AppendLine();
        }

        var problems = steps.Where(s => s.Problems.Count > 0).ToList();
        if (problems.Count > 0)
        {
            md.AppendLine("## Warnings and errors the services logged");
            md.AppendLine();
            md.AppendLine("| Step | Resource | Count | First of its kind |");
            md.AppendLine("|---|---|---|---|");
            foreach (var s in problems)
                foreach (var p in s.Problems.Take(6))
                    md.AppendLine($"| {s.Label} | {p.Resource} | {p.Count:N0} | `{Cell(p.Sample).Replace("`", "'", StringComparison.Ordinal)}` |");
            md.AppendLine();
        }

        if (r.Notes.Count > 0)
        {
            md.AppendLine("## Notes");
            md.AppendLine();
            foreach (var note in r.Notes) md.AppendLine($"- {note}");
            md.AppendLine();
        }
        return md.ToString();
    }

    private static string Backlogs(IReadOnlyList<Backlog> backlog, int top) =>
        backlog.Count == 0 ? "none" : string.Join(", ", backlog.Take(top).Select(b => $"{b.Name} {b.Messages:N0}")) + (backlog.Count > top ? ", …" : "");

    private static string Quad(LatencyStats l) => l.Count == 0 ? "–" : $"{Ms(l.P50)} / {Ms(l.P90)} / {Ms(l.P99)} / {Ms(l.Max)}";

    /// <summary>A count per lead, rounded as the millisecond figures are.</summary>
    private static string Amount(double perLead) => Ms(perLead);

    private static string Ms(double ms) => double.IsNaN(ms) ? "–" : ms < 10 ? ms.ToString("0.0", CultureInfo.InvariantCulture) : ms.ToString("N0", CultureInfo.InvariantCulture);

    private static string N(double value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Cell(string text) => text.Length == 0 ? "" : text.Replace("|", "\\|", StringComparison.Ordinal).ReplaceLineEndings(" ");
}
