using System.Diagnostics;
using Smarketing.Pipeline.Bench.Reporting;

namespace Smarketing.Pipeline.Bench.Pipeline;

/// <summary>
/// One step: offer a fixed rate for the step's time while printing progress, note CPU per resource and where messages
/// wait when sending stops, then drain (every lead assigned and scheduled, every queue and outbox empty) so the next
/// step starts from a quiet platform, and turn the leads' event timestamps into the step's figures.
/// </summary>
internal sealed class StepRunner(LoadGenerator generator, LeadLedger ledger, PlatformProbe probe, CpuSampler cpu, LogSignals logs, LoadPlan plan, Stopwatch run)
{
    private static readonly TimeSpan ProgressEvery = TimeSpan.FromSeconds(3);
    private int _steps;

    public async Task<StepResult> RunAsync(StepKind kind, double leadsPerSecond, string purpose, CancellationToken ct, double? seconds = null, double? maxDrainSeconds = null)
    {
        var step = Interlocked.Increment(ref _steps);
        var batchSize = kind == StepKind.Single ? 1 : plan.BatchSizeFor(leadsPerSecond);
        var label = kind == StepKind.Single ? $"single {leadsPerSecond:0.#}/s" : $"batch×{batchSize} {leadsPerSecond:0.#}/s";
        var inFlightLimit = kind == StepKind.Single ? plan.SingleInFlightLimit : plan.BatchInFlightLimit;
        var duration = TimeSpan.FromSeconds(seconds ?? plan.StepSeconds);
        Console.WriteLine($"  -- [{run.Elapsed.TotalSeconds,3:0} s] {label} ({purpose}) for {duration.TotalSeconds:0} s; load average {MachineProbe.LoadAverage()}");

        var progress = new SendProgress();
        var assignedBefore = ledger.Assigned;
        logs.Mark();
        var cpuFrom = cpu.Take();
        var databaseFrom = await probe.DatabaseActivityAsync(ct);
        using var printing = new CancellationTokenSource();
        var printer = PrintProgressAsync(label, progress, assignedBefore, printing.Token);
        // Behind beyond doubt: after 40% of the step, more than 5 s of offered leads still without an owner (a held step's
        // backlog is its rate times its latency, and its p99 stays under 2 s).
        var backlogLimit = Math.Max(50, 5 * leadsPerSecond);
        bool Hopeless(TimeSpan elapsed) =>
            elapsed >= duration * 0.4 && leadsPerSecond * elapsed.TotalSeconds - (ledger.Assigned - assignedBefore) > backlogLimit;
        var sent = await generator.RunAsync(step, kind, leadsPerSecond, batchSize, duration, inFlightLimit, progress, Hopeless, ct);
        if (sent.StoppedEarly) Console.WriteLine($"     stopped sending after {sent.Seconds:0.0} s: more than {backlogLimit:N0} offered leads without an owner");
        var cpuTo = cpu.Take();
        await printing.CancelAsync();
        await printer;
        var queuesAtEnd = await probe.QueuesAsync(ct);
        var outboxAtEnd = await probe.OutboxesAsync(ct);

        var (drainSeconds, drained) = await DrainAsync(step, maxDrainSeconds ?? plan.MaxDrainSeconds, ct);
        var cpuDrained = cpu.Take();
        var databaseDrained = await probe.DatabaseActivityAsync(ct);
        var problems = logs.SinceMark();
        var traces = ledger.OfStep(step);
        var (shares, busy) = CpuSampler.Between(cpuFrom, cpuTo);
        var windowEnd = sent.EndedAt + TimeSpan.FromSeconds(plan.Criteria.GraceSeconds);
        var assignedInWindow = traces.Count(t => t.Assigned && t.AssignedAt <= windowEnd);
        var toAssigned = LatencyStats.From(traces.Where(t => t.Assigned && t.ReceivedAt != default).Select(t => Ms(t.AssignedAt - t.ReceivedAt)));
        var figures = new StepFigures(leadsPerSecond, sent.Seconds, sent.Planned, sent.Failed, sent.Misses, sent.LeadsAccepted, assignedInWindow, toAssigned.P99);
        var behind = FallsBehind.Reasons(figures, plan.Criteria);
        var sustained = behind.Count == 0;
        var reasons = behind.ToList();
        if (sent.StoppedEarly) reasons.Add($"stopped sending after {sent.Seconds:0.0} s of {duration.TotalSeconds:0} s: more than {backlogLimit:N0} offered leads without an owner");
        if (sent.SampleErrors.Count > 0) reasons.Add("first error: " + sent.SampleErrors[0]);

        var result = new StepResult(
            step, kind, purpose, leadsPerSecond, batchSize, Math.Round(sent.Seconds, 2), sent.Planned, sent.Sent, sent.Failed, sent.Misses,
            sent.LeadsAccepted, Math.Round(sent.LeadsAccepted / sent.Seconds, 1), assignedInWindow, Math.Round(assignedInWindow / sent.Seconds, 1),
            traces.Count(t => t.Assigned), traces.Count(t => t.FollowedUp), sent.Http, toAssigned,
            LatencyStats.From(traces.Where(t => t.FollowedUp && t.ReceivedAt != default).Select(t => Ms(t.FollowUpSent - t.ReceivedAt))),
            LatencyStats.From(traces.Where(t => t.Assigned).Select(t => Ms(t.AssignedArrival - t.ClientSentAt))),
            Stages(traces), shares, busy, CpuSampler.PerLead(cpuFrom, cpuDrained, sent.LeadsAccepted), queuesAtEnd.Where(q => q.Messages > 0).ToList(), outboxAtEnd.Where(o => o.Messages > 0).ToList(),
            Math.Round(drainSeconds, 1), drained, problems, sustained, reasons, DatabasePerLead(databaseFrom, databaseDrained, sent.LeadsAccepted));
        Console.WriteLine(ConsoleTables.StepLine(result));
        foreach (var problem in problems.Take(3)) Console.WriteLine($"      {problem.Resource} logged {problem.Count:N0}×: {problem.Sample[..Math.Min(220, problem.Sample.Length)]}");
        return result;
    }

    /// <summary>Each service database's work from the step's start until it drained, per accepted lead (idle polling included).</summary>
    public static IReadOnlyList<DatabaseWork> DatabasePerLead(
        IReadOnlyDictionary<string, DatabaseActivity> from, IReadOnlyDictionary<string, DatabaseActivity> to, long leads) =>
        leads == 0 ? [] : to.OrderBy(d => d.Key, StringComparer.Ordinal).Select(d =>
        {
            var work = d.Value.Minus(from.GetValueOrDefault(d.Key) ?? new DatabaseActivity(0, 0, 0));
            return new DatabaseWork(d.Key, Math.Round(work.Transactions / (double)leads, 1), Math.Round(work.RowsRead / (double)leads, 1),
                Math.Round(work.RowsWritten / (double)leads, 1));
        }).ToList();

    /// <summary>How many of a finished step's leads have an owner by now.</summary>
    public long AssignedOf(StepResult step) => ledger.OfStep(step.Step).Count(t => t.Assigned);

    /// <summary>Where a lead's time went, hop by hop, from its events' own timestamps and their envelopes' sentTime.</summary>
    public static IReadOnlyList<StageTiming> Stages(IReadOnlyCollection<LeadTrace> traces)
    {
        StageTiming Stage(string name, Func<LeadTrace, bool> has, Func<LeadTrace, TimeSpan> span) =>
            new(name, LatencyStats.From(traces.Where(has).Select(t => Ms(span(t)))));
        return
        [
            Stage("HTTP in: client sent → receivedAt", t => t.ReceivedAt != default, t => t.ReceivedAt - t.ClientSentAt),
            Stage("ingestion outbox: receivedAt → LeadReceived sent", t => t.ReceivedSent != default, t => t.ReceivedSent - t.ReceivedAt),
            Stage("scoring: LeadReceived sent → scoredAt", t => t.ScoredAt != default && t.ReceivedSent != default, t => t.ScoredAt - t.ReceivedSent),
            Stage("scoring outbox: scoredAt → LeadScored sent", t => t.ScoredSent != default, t => t.ScoredSent - t.ScoredAt),
            Stage("assignment: LeadScored sent → assignedAt", t => t.Assigned && t.ScoredSent != default, t => t.AssignedAt - t.ScoredSent),
            Stage("assignment outbox: assignedAt → LeadAssigned sent", t => t.Assigned, t => t.AssignedSent - t.AssignedAt),
            Stage("follow-up: LeadAssigned sent → first FollowUpScheduled sent", t => t.Assigned && t.FollowedUp, t => t.FollowUpSent - t.AssignedSent),
            Stage("broker to bench: LeadAssigned sent → arrived here", t => t.Assigned, t => t.AssignedArrival - t.AssignedSent),
        ];
    }

    private async Task<(double Seconds, bool Drained)> DrainAsync(int step, double maxSeconds, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var lastPrint = TimeSpan.Zero;
        while (true)
        {
            var traces = ledger.OfStep(step);
            var pending = traces.Count(t => !t.Assigned || !t.FollowedUp);
            var queues = PlatformProbe.Waiting(await probe.QueuesAsync(ct));
            var outboxes = (await probe.OutboxesAsync(ct)).Sum(o => o.Messages);
            if (pending == 0 && queues == 0 && outboxes == 0) return (clock.Elapsed.TotalSeconds, true);
            if (maxSeconds <= 0) return (0, false);
            if (clock.Elapsed.TotalSeconds >= maxSeconds)
            {
                Console.WriteLine($"     drain stopped after {clock.Elapsed.TotalSeconds:0} s: {pending:N0} leads without owner or follow-up, " +
                                  $"{queues:N0} messages queued, {outboxes:N0} outbox rows unsent");
                return (clock.Elapsed.TotalSeconds, false);
            }
            if (clock.Elapsed - lastPrint >= TimeSpan.FromSeconds(5))
            {
                lastPrint = clock.Elapsed;
                Console.WriteLine($"     draining ({clock.Elapsed.TotalSeconds:0} s): {pending:N0} leads still on their way, {queues:N0} messages queued, {outboxes:N0} outbox rows unsent");
            }
            await Task.Delay(500, ct);
        }
    }

    private async Task PrintProgressAsync(string label, SendProgress progress, long assignedBefore, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var last = cpu.Take();
        try
        {
            while (true)
            {
                await Task.Delay(ProgressEvery, ct);
                var now = cpu.Take();
                var (shares, busy) = CpuSampler.Between(last, now);
                last = now;
                Console.WriteLine($"     {label,-18} {clock.Elapsed.TotalSeconds,4:0} s  requests {progress.Sent,7:N0}  leads accepted {progress.Accepted,7:N0}  " +
                                  $"assigned {ledger.Assigned - assignedBefore,7:N0}  in flight {progress.InFlight,5:N0}  misses {progress.Misses,5:N0}  failed {progress.Failed,4:N0}  " +
                                  $"cpu {busy:P0}: {CpuSampler.Top(shares, 4)}");
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static double Ms(TimeSpan span) => span.TotalMilliseconds;
}
