namespace Smarketing.AppHost.Dashboard.Telemetry;

/// <summary>
/// How much telemetry the dashboard keeps in memory. The defaults are Aspire's dashboard's: the newest
/// 10,000 log records and 10,000 traces, at most 128 attributes per item; metrics are bounded per series
/// and per instrument so a chatty or high-cardinality instrument cannot grow the AppHost without limit.
/// </summary>
public sealed record TelemetryLimits
{
    public int MaxLogRecords { get; init; } = 10_000;
    public int MaxTraces { get; init; } = 10_000;
    public int MaxAttributeCount { get; init; } = 128;
    public int MaxInstruments { get; init; } = 1_000;
    public int MaxSeriesPerInstrument { get; init; } = 500;
    public int MaxPointsPerSeries { get; init; } = 1_000;
}
