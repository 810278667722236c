using System.Diagnostics.Metrics;
using Microsoft.Extensions.Hosting;

namespace Smarketing.ServiceDefaults.Data;

/// <summary>How long events wait in the outbox, and how many outbox and inbox rows the retention purge deleted, on the "Smarketing" meter that ServiceDefaults exports.</summary>
public sealed class OutboxMetrics
{
    // From a relay woken at commit (a few ms) through the 2 s poll to a broker outage of minutes.
    private static readonly IReadOnlyList<double> LagBuckets =
        [1, 2, 5, 10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000, 30_000, 60_000, 300_000];

    private readonly Histogram<double> _lag;
    private readonly Counter<long> _purged;

    public OutboxMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(ServiceDefaultsExtensions.MeterName);
        _lag = meter.CreateHistogram<double>("smarketing.outbox.lag", "ms",
            "Time from writing an outbox row to the broker's confirm of its publish.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = LagBuckets });
        _purged = meter.CreateCounter<long>("smarketing.retention.purged", "{row}",
            "Sent outbox rows and inbox rows deleted by the retention purge, per table.");
    }

    public void Published(string messageType, double lagMilliseconds) =>
        _lag.Record(lagMilliseconds, new KeyValuePair<string, object?>("message_type", messageType));

    public void Purged(string table, int rows) =>
        _purged.Add(rows, new KeyValuePair<string, object?>("table", table));
}
