namespace Smarketing.Pipeline.Bench.Reporting;

/// <summary>The run's headline: highest held rates, the latency at half of them, ratios to the raw limits, and the issue's targets.</summary>
public static class Verdicts
{
    public const double SingleTarget = 500;
    public const double BatchTarget = 2000;
    public const double HalfRateP50Ms = 50;
    public const double HalfRateP99Ms = 250;
    public const double RawShareTarget = 0.30;
    public const double YarpShareTarget = 0.5;

    public static PipelineSummary Summarise(IReadOnlyList<StepResult> single, IReadOnlyList<StepResult> batch)
    {
        var highestSingle = Highest(single);
        var highestBatch = Highest(batch);
        return new PipelineSummary(
            highestSingle, single.Any(s => !s.Sustained), highestBatch, batch.Any(s => !s.Sustained),
            AtHalf(single, highestSingle), AtHalf(batch, highestBatch));
    }

    public static IReadOnlyList<Ratio> Ratios(RawLimitsResult raw, PipelineSummary summary)
    {
        var ratios = new List<Ratio>();
        void Add(string name, double? numerator, double denominator, string explanation)
        {
            if (numerator is { } n && denominator > 0) ratios.Add(new Ratio(name, n, denominator, Math.Round(n / denominator, 3), explanation));
        }
        var pg = raw.Postgres.TransactionsPerSecond;
        var mq = raw.RabbitMq.MessagesPerSecond;
        Add("single leads/s ÷ PostgreSQL tx/s", summary.HighestSingleSustained, pg, "each capture is at least one such transaction");
        Add("batch leads/s ÷ PostgreSQL tx/s", summary.HighestBatchSustained, pg, "a batch stores up to 100 leads per transaction");
        Add("single leads/s ÷ RabbitMQ msgs/s", summary.HighestSingleSustained, mq, "each lead is at least 4 published events, most fanned out to 2 queues");
        Add("batch leads/s ÷ RabbitMQ msgs/s", summary.HighestBatchSustained, mq, "as above");
        Add("pipeline leads/s ÷ binding raw limit", Best(summary), Math.Min(pg, mq),
            $"the better of single and batch over the lower of PostgreSQL tx/s and RabbitMQ msgs/s ({(pg <= mq ? "PostgreSQL" : "RabbitMQ")})");
        Add("YARP ÷ Kestrel direct req/s", raw.ThroughYarp.RequestsPerSecond, raw.KestrelDirect.RequestsPerSecond, "1 KB JSON POST, same concurrency");
        return ratios;
    }

    public static IReadOnlyList<TargetResult> Targets(RawLimitsResult raw, PipelineSummary summary, IReadOnlyList<Ratio> ratios)
    {
        var targets = new List<TargetResult>
        {
            Rate($"single-lead capture → assigned, sustained ≥ {SingleTarget:0} leads/s", summary.HighestSingleSustained, summary.SingleSaturated, SingleTarget),
            Rate($"batch capture → assigned, sustained ≥ {BatchTarget:N0} leads/s", summary.HighestBatchSustained, summary.BatchSaturated, BatchTarget),
        };
        var half = summary.SingleAtHalf;
        targets.Add(half is null
            ? new TargetResult($"at half the highest single rate: p50 capture → assigned < {HalfRateP50Ms:0} ms", "no step at half rate", null)
            : new TargetResult($"at half the highest single rate: p50 capture → assigned < {HalfRateP50Ms:0} ms",
                $"{half.CaptureToAssigned.P50:N1} ms at {half.OfferedLeadsPerSecond:0.#}/s", half.CaptureToAssigned.P50 < HalfRateP50Ms));
        targets.Add(half is null
            ? new TargetResult($"at half the highest single rate: p99 capture → assigned < {HalfRateP99Ms:0} ms", "no step at half rate", null)
            : new TargetResult($"at half the highest single rate: p99 capture → assigned < {HalfRateP99Ms:0} ms",
                $"{half.CaptureToAssigned.P99:N1} ms at {half.OfferedLeadsPerSecond:0.#}/s", half.CaptureToAssigned.P99 < HalfRateP99Ms));
        var share = ratios.FirstOrDefault(r => r.Name.StartsWith("pipeline leads/s", StringComparison.Ordinal));
        targets.Add(new TargetResult($"pipeline throughput ≥ {RawShareTarget:P0} of the raw limit",
            share is null ? "no sustained step" : $"{share.Value:P1} ({share.Numerator:#,0.#} of {share.Denominator:N0}/s)", share is null ? null : share.Value >= RawShareTarget));
        var yarp = raw.KestrelDirect.RequestsPerSecond > 0 ? raw.ThroughYarp.RequestsPerSecond / raw.KestrelDirect.RequestsPerSecond : 0;
        targets.Add(new TargetResult($"YARP ≥ {YarpShareTarget:0.0}× direct Kestrel requests/s",
            $"{yarp:0.000}× ({raw.ThroughYarp.RequestsPerSecond:N0} vs {raw.KestrelDirect.RequestsPerSecond:N0} req/s)", yarp >= YarpShareTarget));
        return targets;
    }

    public static double? Best(PipelineSummary s) =>
        new[] { s.HighestSingleSustained, s.HighestBatchSustained }.Max();

    private static double? Highest(IEnumerable<StepResult> steps) =>
        steps.Where(s => s.Sustained).Select(s => (double?)s.OfferedLeadsPerSecond).Max();

    /// <summary>The step offered at half the highest held rate (within 1%); the latest if there are several.</summary>
    private static StepResult? AtHalf(IEnumerable<StepResult> steps, double? highest) =>
        highest is not { } h ? null : steps.LastOrDefault(s => Math.Abs(s.OfferedLeadsPerSecond - Math.Round(h / 2, 1, MidpointRounding.AwayFromZero)) <= h / 2 * 0.01);

    private static TargetResult Rate(string target, double? highest, bool saturated, double goal) => highest is not { } h
        ? new TargetResult(target, "no step held", false)
        : new TargetResult(target, saturated ? $"{h:#,0.#} leads/s" : $"≥ {h:#,0.#} leads/s (top of the ladder held)", h >= goal);
}
