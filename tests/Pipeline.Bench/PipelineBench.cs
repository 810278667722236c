using System.Diagnostics;
using Smarketing.AppHost.Local;
using Smarketing.Pipeline.Bench.Pipeline;
using Smarketing.Pipeline.Bench.RawLimits;
using Smarketing.Pipeline.Bench.Reporting;

namespace Smarketing.Pipeline.Bench;

/// <summary>The run, in order: platform, raw limits, pipeline set-up and warm-up, the single ladder, the batch ladder, the report.</summary>
internal sealed class PipelineBench(BenchSettings settings, bool durable, bool dashboard, bool echo, Hold? hold = null, Soak? soak = null)
{
    /// <summary>The whole run's report; null in hold mode, which only prints.</summary>
    public async Task<BenchReport?> RunAsync(CancellationToken ct)
    {
        var startedAt = DateTime.UtcNow;
        var clock = Stopwatch.StartNew();
        var plan = settings.Plan;
        var machine = MachineProbe.Describe(LocalSettings.FindRepositoryRoot());
        Console.WriteLine($"Pipeline benchmark ({settings.Mode}): {machine.Cores} cores, {machine.MemoryGiB:0.#} GiB, commit {machine.GitCommit[..Math.Min(10, machine.GitCommit.Length)]}" +
                          $"{(machine.GitDirty ? " (dirty)" : "")}; {BenchPlatform.BuildConfiguration()} build; load average {MachineProbe.LoadAverage()}");
        Console.WriteLine($"== Starting the platform from the AppHost's app model ({(durable ? "durable, as `make run`" : "ephemeral: PostgreSQL fsync off")}; dashboard {(dashboard ? "on" : "off")})");

        await using var platform = await BenchPlatform.StartAsync(durable, dashboard, echo, ct, soak is null ? null : Soak.Retention);
        var platformStart = clock.Elapsed.TotalSeconds;
        Console.WriteLine($"  every resource healthy after {platformStart:0.0} s; gateway {platform.GatewayUrl}");

        var raw = hold is null && soak is null ? await MeasureRawLimitsAsync(platform, ct) : null;
        // After the raw limits, so the services' start-up (JIT, migrations, first polls) has settled.
        var sampler = new CpuSampler(platform.Instances);
        var idleFrom = sampler.Take();
        await Task.Delay(TimeSpan.FromSeconds(2), ct);
        var (idleShares, idleBusy) = CpuSampler.Between(idleFrom, sampler.Take());
        var idle = new IdleCpu(2, idleBusy, idleShares);
        Console.WriteLine($"  platform idle for {idle.Seconds:0} s: machine {idleBusy:P0} busy; {CpuSampler.Top(idleShares, 5)} cores");
        foreach (var warning in Observations.Disturbance(idle, [])) Console.WriteLine($"  WARNING: {warning}");

        Console.WriteLine();
        Console.WriteLine($"== Setting up the pipeline: {settings.Reps} sales reps (capacity {settings.RepCapacity:N0}, on shift 24/7), a routing rule for hot leads, a capture key");
        var setup = await PipelineSetup.RunAsync(platform.GatewayUrl, BenchPlatform.AdminEmail, platform.AdminPassword, settings.Reps, settings.RepCapacity, ct);
        var ledger = new LeadLedger();
        await using var listener = await EventListener.StartAsync(platform.BrokerConnectionString, ledger, ct);
        await using var probe = await PlatformProbe.StartAsync(platform.BrokerConnectionString, platform.BrokerManagementUrl, RabbitMQServerResource.UserName,
            platform.BrokerPassword, platform.ConnectionString, listener.Queue, ct);
        using var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = Math.Max(plan.SingleInFlightLimit, plan.BatchInFlightLimit),
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        };
        using var http = new HttpClient(handler) { BaseAddress = new Uri(platform.GatewayUrl), Timeout = TimeSpan.FromSeconds(60) };
        http.DefaultRequestHeaders.Add("X-Api-Key", setup.ApiKey);
        var generator = new LoadGenerator(http, new HotLeads(Guid.NewGuid().ToString("N")[..6]), ledger);
        var runner = new StepRunner(generator, ledger, probe, sampler, new LogSignals(platform.Logs), plan, clock);

        await WarmUpAsync(runner, platform, ct);
        if (hold is not null)
        {
            await HoldAsync(runner, platform, probe, hold, ct);
            return null;
        }
        if (soak is not null)
        {
            await StorageSoak.RunAsync(runner, probe, soak, ct);
            return null;
        }
        ArgumentNullException.ThrowIfNull(raw); // measured above whenever there is no hold

        var brokerBefore = await probe.BrokerTotalsAsync(ct);
        Console.WriteLine();
        Console.WriteLine($"== Single leads (POST /api/leads), open loop, {plan.StepSeconds:0} s per step, rungs {string.Join(", ", plan.SingleRates)} leads/s until the platform falls behind");
        var single = await ClimbAsync(runner, StepKind.Single, plan.SingleRates, ct);
        Console.WriteLine();
        Console.WriteLine($"== Batches (POST /api/leads/batch), {plan.BatchesPerSecond:0} a second of up to {plan.MaxBatchSize} leads, open loop, {plan.StepSeconds:0} s per step, rungs {string.Join(", ", plan.BatchRates)} leads/s");
        var batch = await ClimbAsync(runner, StepKind.Batch, plan.BatchRates, ct);
        // The management statistics are refreshed every 5 s: wait for the last step's messages to be in them.
        await Task.Delay(TimeSpan.FromSeconds(6), ct);
        var broker = BrokerWork.Between(brokerBefore, await probe.BrokerTotalsAsync(ct),
            single.Concat(batch).Sum(s => s.LeadsAccepted), raw.RabbitMq.MessagesPerSecond);
        if (broker is not null) Console.WriteLine($"  {broker.Describe()}");

        var summary = Verdicts.Summarise(single, batch);
        var ratios = Verdicts.Ratios(raw, summary);
        var targets = Verdicts.Targets(raw, summary, ratios);
        var notes = new List<string>
        {
            $"Raw limits ran with the platform up and idle; the HTTP pair runs inside the bench process (client, YARP and Kestrel on the same {machine.Cores} cores).",
            "Dashboard off, so no OTLP collector: the services then build no traces, log records or metrics for OTLP at all (the console log stays). With it on (SMARKETING_BENCH_DASHBOARD=1), every service exports to Aspire's dashboard, a process of its own on the same cores, which takes CPU from the platform being measured.",
            $"The bench's event listener consumed {listener.Messages:N0} messages; its own CPU is in the CPU table as \"{CpuSampler.Bench}\".",
        };
        if (broker is not null) notes.Add(broker.Describe());
        notes.AddRange(Observations.Disturbance(idle, single.Concat(batch).ToList()));
        notes.AddRange(Observations.From(single.Concat(batch).ToList()));
        return new BenchReport(settings.Mode, startedAt, DateTime.UtcNow, Math.Round(clock.Elapsed.TotalSeconds, 1), Math.Round(platformStart, 1), machine,
            new PlatformInfo(BenchPlatform.BuildConfiguration(), durable, dashboard, platform.Replicas, settings.Reps, settings.RepCapacity),
            idle, raw, plan, single, batch, summary, ratios, targets, notes);
    }

    private async Task<RawLimitsResult> MeasureRawLimitsAsync(BenchPlatform platform, CancellationToken ct)
    {
        Console.WriteLine();
        Console.WriteLine($"== Raw limits, {settings.RawSeconds.TotalSeconds:0.#} s each");
        var mq = await RabbitMqRaw.MeasureAsync(platform.BrokerConnectionString, settings.RawSeconds, settings.SerialPublishSeconds, ct);
        Console.WriteLine($"  RabbitMQ, persistent {mq.MessageBytes} B with confirms, {mq.Channels} channels × {mq.InFlightPerChannel} in flight: " +
                          $"{mq.PublishedPerSecond:N0} published/s, {mq.ConsumedPerSecond:N0} consumed/s; one at a time {mq.SerialPublishedPerSecond:N0}/s " +
                          $"(confirm p50 {mq.SerialConfirm.P50:N2} ms, p99 {mq.SerialConfirm.P99:N2} ms)");
        var pg = await PostgresRaw.MeasureAsync(platform.ConnectionString, settings.RawSeconds, ct);
        Console.WriteLine($"  PostgreSQL, lead row + outbox row per transaction on {pg.Connections} connections: {pg.TransactionsPerSecond:N0} tx/s " +
                          $"(p50 {pg.Commit.P50:N2} ms, p99 {pg.Commit.P99:N2} ms)");
        var (direct, proxied) = await HttpRaw.MeasureAsync(settings.RawSeconds, ct);
        foreach (var h in new[] { direct, proxied })
            Console.WriteLine($"  {h.Name,-15} 1 KB JSON POST, {h.Concurrency} connections closed loop: {h.RequestsPerSecond:N0} req/s " +
                              $"(p50 {h.Latency.P50:N2} ms, p99 {h.Latency.P99:N2} ms, {h.Errors} errors)");
        return new RawLimitsResult(mq, pg, direct, proxied);
    }

    /// <summary>
    /// A few leads through every path before measuring (JIT, connection pools, first-use caches), and the proof that
    /// leads get owners at all: without it, every step would just look "behind".
    /// </summary>
    private async Task WarmUpAsync(StepRunner runner, BenchPlatform platform, CancellationToken ct)
    {
        Console.WriteLine();
        Console.WriteLine($"== Warm-up: {settings.WarmUpSingleSeconds:0} s of single leads at 5/s, then 1 s of batches at {settings.WarmUpBatchRate:0} leads/s, " +
                          "until every one has an owner (not reported; the services compile their hot paths meanwhile)");
        // The single step does not drain on its own: the batch step's drain waits for the queues and outboxes of both.
        var single = await runner.RunAsync(StepKind.Single, 5, "warm-up", ct, seconds: settings.WarmUpSingleSeconds, maxDrainSeconds: 0);
        var batch = await runner.RunAsync(StepKind.Batch, settings.WarmUpBatchRate, "warm-up", ct, seconds: 1, maxDrainSeconds: settings.WarmUpDrainSeconds);
        single = single with { AssignedTotal = runner.AssignedOf(single) };
        if (single.AssignedTotal == 0 || batch.AssignedTotal == 0)
        {
            throw new InvalidOperationException(
                $"Warm-up leads were not assigned ({single.AssignedTotal}/{single.LeadsAccepted} single, {batch.AssignedTotal}/{batch.LeadsAccepted} batched): " +
                $"{string.Join("; ", single.Reasons.Concat(batch.Reasons))}\n--- assignment log ---\n{platform.Tail("assignment")}\n--- scoring log ---\n{platform.Tail("scoring")}");
        }
    }

    /// <summary>
    /// Profiling aid: one steady rate of single leads for a long time, with every process id printed first, so a profiler
    /// (dotnet-trace, perf, pg_stat_statements) can be pointed at a service under a known load. No report is written.
    /// </summary>
    private static async Task HoldAsync(StepRunner runner, BenchPlatform platform, PlatformProbe probe, Hold hold, CancellationToken ct)
    {
        Console.WriteLine();
        Console.WriteLine($"== Hold: single leads at {hold.Rate:0.#}/s for {hold.Seconds:0} s; process ids (a project's service is the process below its `dotnet run`):");
        foreach (var (resource, pid) in platform.Instances.Roots())
            Console.WriteLine($"  {resource,-15} {pid}{(ResourceInstances.Below(pid).ToList() is { Count: > 0 } below ? $" (below it: {string.Join(" ", below)})" : "")}");
        var readBefore = await probe.TableReadsAsync(ct);
        var result = await runner.RunAsync(StepKind.Single, hold.Rate, "hold", ct, seconds: hold.Seconds);
        var readAfter = await probe.TableReadsAsync(ct);
        Console.WriteLine($"  held: {result.Sustained}; capture → assigned p50 {result.CaptureToAssigned.P50:N0} ms, p99 {result.CaptureToAssigned.P99:N0} ms");
        foreach (var share in result.Cpu.OrderByDescending(c => c.Cores))
            Console.WriteLine($"  {share.Resource,-34} {share.Cores:0.00} cores, " +
                              $"{result.CpuPerLead.FirstOrDefault(c => c.Resource == share.Resource)?.MsPerLead:N0} ms CPU per lead");
        foreach (var work in result.DatabasePerLead)
            Console.WriteLine($"  {work.Database,-34} {work.Transactions,5:0.0} transactions, {work.RowsRead,7:N0} rows read, {work.RowsWritten,5:0.0} rows written per lead");
        double PerLead(long n) => n / (double)Math.Max(1, result.LeadsAccepted);
        string Top(Func<(long Sequential, long Indexed), long> rows) => string.Join(", ", readAfter
            .Select(t => (Table: t.Key, Rows: rows(t.Value) - (readBefore.TryGetValue(t.Key, out var b) ? rows(b) : 0))).Where(t => t.Rows > 0)
            .OrderByDescending(t => t.Rows).Take(6).Select(t => $"{t.Table} {PerLead(t.Rows):N0}"));
        Console.WriteLine($"  rows read by sequential scans per lead: {Top(r => r.Sequential)}");
        Console.WriteLine($"  rows fetched through indexes per lead:  {Top(r => r.Indexed)}");
        foreach (var stage in result.Stages)
            Console.WriteLine($"  {stage.Stage,-60} p50 {stage.Latency.P50:N0} ms, p99 {stage.Latency.P99:N0} ms");
    }

    private async Task<List<StepResult>> ClimbAsync(StepRunner runner, StepKind kind, IReadOnlyList<double> rungs, CancellationToken ct)
    {
        // Quick mode leaves out the batch ladder's half-rate step: no target asks for it, and it keeps the run under 2 minutes.
        var ladder = new RateLadder(rungs, settings.Plan.Refine, half: kind == StepKind.Single || settings.Mode != "quick");
        var results = new List<StepResult>();
        var outcomes = new List<StepOutcome>();
        while (ladder.Next(outcomes) is { } next)
        {
            var result = await runner.RunAsync(kind, next.Rate, next.Purpose, ct);
            results.Add(result);
            outcomes.Add(new StepOutcome(next.Rate, result.Sustained));
        }
        return results;
    }
}

/// <summary>`--hold RATE SECONDS`: a steady load for profiling instead of the ladder.</summary>
internal sealed record Hold(double Rate, double Seconds);
