namespace Smarketing.Pipeline.Bench.Reporting;

/// <summary>
/// What the figures point at, written out so the report says it: the slowest hop where the platform still kept up, and
/// at the first step it did not, the busiest process and where the backlog stood when sending stopped.
/// </summary>
public static class Observations
{
    public static IEnumerable<string> From(IReadOnlyList<StepResult> steps)
    {
        foreach (var kind in new[] { StepKind.Single, StepKind.Batch })
        {
            var ofKind = steps.Where(s => s.Kind == kind).ToList();
            var held = ofKind.Where(s => s.Sustained).MaxBy(s => s.OfferedLeadsPerSecond);
            if (held is not null && SlowestHop(held) is { } hop)
                yield return $"{held.Label} (highest held): the slowest hop is {hop.Stage} at p50 {hop.Latency.P50:N0} ms, p99 {hop.Latency.P99:N0} ms " +
                             $"of p50 {held.CaptureToAssigned.P50:N0} / p99 {held.CaptureToAssigned.P99:N0} ms capture → assigned.";
            var behind = ofKind.FirstOrDefault(s => !s.Sustained);
            if (behind is null) continue;
            var busiest = behind.Cpu.Take(3).Select(c => $"{c.Resource} {c.Cores:0.00}");
            var queue = behind.QueuesAtEnd.FirstOrDefault(q => q.Messages > 0);
            var outbox = behind.OutboxAtEnd.OrderByDescending(o => o.Messages).FirstOrDefault();
            yield return $"{behind.Label} (first behind, machine {behind.MachineCpuBusy:P0} busy): busiest {string.Join(", ", busiest)} cores; " +
                         $"when sending stopped the largest queue was {(queue is null ? "none" : $"{queue.Name} with {queue.Messages:N0}")} " +
                         $"and the largest outbox {(outbox is null ? "none" : $"{outbox.Name} with {outbox.Messages:N0} unsent")}" +
                         (SlowestHop(behind) is { } slow ? $"; slowest hop {slow.Stage} (p50 {slow.Latency.P50:N0} ms)." : ".");
        }
    }

    /// <summary>Processes outside this run that took CPU while it measured: the figures are then low, and the report says so.</summary>
    public static IEnumerable<string> Disturbance(IdleCpu idle, IReadOnlyList<StepResult> steps)
    {
        const string other = "other (not this run)";
        const double limit = 0.25;
        var idleOther = idle.Shares.FirstOrDefault(s => s.Resource == other)?.Cores ?? 0;
        if (idleOther >= limit)
            yield return $"DISTURBED: other processes used {idleOther:0.00} cores while the platform was idle; every figure of this run is low.";
        var disturbed = steps.Where(s => (s.Cpu.FirstOrDefault(c => c.Resource == other)?.Cores ?? 0) >= limit).ToList();
        if (disturbed.Count > 0)
            yield return $"DISTURBED: other processes used ≥ {limit:0.00} cores during {string.Join(", ", disturbed.Select(s => s.Label))}.";
    }

    public static StageTiming? SlowestHop(StepResult step) =>
        step.Stages.Where(s => s.Latency.Count > 0 && !s.Stage.StartsWith("broker to bench", StringComparison.Ordinal)).MaxBy(s => s.Latency.P50);
}
