using System.Diagnostics.Metrics;

namespace Smarketing.Ingestion;

/// <summary>The ways a lead event reaches ingestion; the "channel" tag of the capture counters.</summary>
public static class CaptureChannel
{
    public const string Http = "http";
    public const string Batch = "batch";
    public const string Broker = "broker";
}

/// <summary>Capture counters on the "Smarketing" meter, which ServiceDefaults exports with the rest of the telemetry.</summary>
public sealed class CaptureMetrics
{
    public const string MeterName = "Smarketing";
    private readonly Counter<long> _captured;
    private readonly Counter<long> _rejected;
    private readonly Histogram<int> _groupSize;

    public CaptureMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _captured = meter.CreateCounter<long>("smarketing.leads.captured", "{event}",
            "Lead events stored, as new leads or as touches merged into open ones (duplicates are not counted).");
        _rejected = meter.CreateCounter<long>("smarketing.leads.rejected", "{event}",
            "Lead events refused as invalid.");
        _groupSize = meter.CreateHistogram<int>("smarketing.capture.group.size", "{event}",
            "Single captures committed together in one transaction (1 when they arrive alone).",
            advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = [1, 2, 4, 8, 16, 32, 64] });
    }

    public void GroupCommitted(int size) => _groupSize.Record(size);

    public void Captured(string channel, int count = 1)
    {
        if (count > 0) _captured.Add(count, new KeyValuePair<string, object?>("channel", channel));
    }

    public void Rejected(string channel, int count = 1)
    {
        if (count > 0) _rejected.Add(count, new KeyValuePair<string, object?>("channel", channel));
    }
}
