namespace Smarketing.Pipeline.Bench.Reporting;

/// <summary>Everything one run measured: written as JSON as is, and rendered as Markdown and console tables.</summary>
public sealed record BenchReport(
    string Mode,
    DateTime StartedAtUtc,
    DateTime FinishedAtUtc,
    double DurationSeconds,
    double PlatformStartSeconds,
    MachineInfo Machine,
    PlatformInfo Platform,
    IdleCpu Idle,
    RawLimitsResult RawLimits,
    LoadPlan Plan,
    IReadOnlyList<StepResult> SingleSteps,
    IReadOnlyList<StepResult> BatchSteps,
    PipelineSummary Summary,
    IReadOnlyList<Ratio> Ratios,
    IReadOnlyList<TargetResult> Targets,
    IReadOnlyList<string> Notes);

public sealed record MachineInfo(
    int Cores, string CpuModel, double MemoryGiB, string Kernel, string Runtime, string GitCommit, bool GitDirty, string GitBranch);

public sealed record PlatformInfo(
    string Configuration, bool Durable, bool Dashboard, IReadOnlyDictionary<string, int> Replicas, int SalesReps, int RepCapacity);

/// <summary>What the platform burns with no load at all, sampled once every resource is healthy, before anything is measured.</summary>
public sealed record IdleCpu(double Seconds, double MachineBusy, IReadOnlyList<CpuShare> Shares);

public sealed record RawLimitsResult(RabbitMqLimit RabbitMq, PostgresLimit Postgres, HttpLimit KestrelDirect, HttpLimit ThroughYarp);

/// <summary>Persistent 1 KB messages to a durable scratch queue with publisher confirms, consumed at the same time.</summary>
public sealed record RabbitMqLimit(
    int Channels, int InFlightPerChannel, int MessageBytes, double Seconds,
    double PublishedPerSecond, double ConsumedPerSecond, double SerialPublishedPerSecond, LatencyStats SerialConfirm)
{
    /// <summary>What the broker sustained end to end: the slower of the two sides.</summary>
    public double MessagesPerSecond => Math.Min(PublishedPerSecond, ConsumedPerSecond);
}

/// <summary>Transactions of one lead-shaped row plus one outbox-shaped row, on N connections.</summary>
public sealed record PostgresLimit(int Connections, double Seconds, long Transactions, double TransactionsPerSecond, LatencyStats Commit);

/// <summary>A 1 KB JSON POST, closed loop on a fixed number of connections.</summary>
public sealed record HttpLimit(string Name, int Concurrency, int BodyBytes, double Seconds, long Requests, long Errors, double RequestsPerSecond, LatencyStats Latency);

/// <summary>
/// The ladders and their limits. A batch step sends <see cref="BatchesPerSecond"/> batches a second (never fewer than 10
/// or more than <see cref="MaxBatchSize"/> leads each), so a batch at a low rate is not one burst the platform needs
/// seconds to absorb, and from 500 leads/s on every batch holds 100 leads.
/// </summary>
public sealed record LoadPlan(
    double StepSeconds, double MaxDrainSeconds, IReadOnlyList<double> SingleRates, IReadOnlyList<double> BatchRates, int MaxBatchSize,
    double BatchesPerSecond, int SingleInFlightLimit, int BatchInFlightLimit, SustainCriteria Criteria, bool Refine)
{
    public int BatchSizeFor(double leadsPerSecond) => (int)Math.Clamp(Math.Round(leadsPerSecond / BatchesPerSecond), 10, MaxBatchSize);
}

/// <summary>When a step counts as held (see <see cref="Pipeline.FallsBehind"/>).</summary>
public sealed record SustainCriteria(double MinAssignedShare, double MinAcceptedShare, double MaxFailedShare, double MaxP99Ms, double GraceSeconds);

public enum StepKind { Single, Batch }

public sealed record StepResult(
    int Step,
    StepKind Kind,
    string Purpose,
    double OfferedLeadsPerSecond,
    int BatchSize,
    double SendSeconds,
    long RequestsPlanned,
    long RequestsSent,
    long RequestsFailed,
    long SendMisses,
    long LeadsAccepted,
    double AcceptedLeadsPerSecond,
    long AssignedInWindow,
    double AssignedLeadsPerSecond,
    long AssignedTotal,
    long FollowUpTotal,
    LatencyStats Http,
    LatencyStats CaptureToAssigned,
    LatencyStats CaptureToFollowUp,
    LatencyStats ObservedToAssigned,
    IReadOnlyList<StageTiming> Stages,
    IReadOnlyList<CpuShare> Cpu,
    double MachineCpuBusy,
    IReadOnlyList<CpuCost> CpuPerLead,
    IReadOnlyList<Backlog> QueuesAtEnd,
    IReadOnlyList<Backlog> OutboxAtEnd,
    double DrainSeconds,
    bool Drained,
    IReadOnlyList<LogSignal> Problems,
    bool Sustained,
    IReadOnlyList<string> Reasons,
    IReadOnlyList<DatabaseWork> DatabasePerLead)
{
    public string Label => Kind == StepKind.Single ? $"single {OfferedLeadsPerSecond:0.#}/s" : $"batch×{BatchSize} {OfferedLeadsPerSecond:0.#}/s";
}

/// <summary>One hop of a lead's path, from the timestamps the events carry (business time and the envelope's sentTime).</summary>
public sealed record StageTiming(string Stage, LatencyStats Latency);

/// <summary>CPU a resource used while the step sent load, in cores (1.0 = one core busy the whole time); for "other", which programs.</summary>
public sealed record CpuShare(string Resource, double Cores, string? Detail = null);

/// <summary>Messages waiting in a queue (with its consumer count; null for an outbox) or rows waiting in an outbox.</summary>
/// <summary>CPU a resource spent per accepted lead from the step's start until it drained (idle background included).</summary>
public sealed record CpuCost(string Resource, double MsPerLead);

public sealed record Backlog(string Name, long Messages, int? Consumers = null);

public sealed record PipelineSummary(
    double? HighestSingleSustained, bool SingleSaturated, double? HighestBatchSustained, bool BatchSaturated,
    StepResult? SingleAtHalf, StepResult? BatchAtHalf);

/// <summary>Warnings and errors a resource logged during a step: how many of one kind, and the first of them.</summary>
public sealed record LogSignal(string Resource, int Count, string Sample);

public sealed record Ratio(string Name, double Numerator, double Denominator, double Value, string Explanation);

public sealed record TargetResult(string Target, string Measured, bool? Passed);

/// <summary>What one accepted lead cost a service database in a step, from pg_stat_database (an autocommit statement is a transaction).</summary>
public sealed record DatabaseWork(string Database, double Transactions, double RowsRead, double RowsWritten);
