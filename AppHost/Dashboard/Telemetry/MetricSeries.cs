namespace Smarketing.AppHost.Dashboard.Telemetry;

internal enum InstrumentType { Sum, Gauge, Histogram }

/// <summary>A histogram's bucket counts: <see cref="Counts"/> has one more entry than <see cref="Bounds"/> (the +Inf bucket).</summary>
internal sealed record HistogramBuckets(double[] Bounds, double[] Counts, double Sum);

/// <summary>
/// What one series did over (From, To]: for a counter the increase, for a histogram the observations
/// (count and buckets), for a gauge the value at To (From == To).
/// </summary>
internal sealed record MetricSample(DateTime From, DateTime To, double Value, HistogramBuckets? Buckets = null);

/// <summary>
/// One series (resource instance + attribute set) of an instrument. Points are turned into samples as they
/// arrive, so cumulative and delta exporters look alike afterwards: a cumulative point becomes the increase
/// since the previous one, and a restart (new start time, or a value going down) starts counting from zero
/// instead of showing a huge negative rate.
/// </summary>
internal sealed class MetricSeries(int capacity)
{
    private readonly Queue<MetricSample> _samples = new();
    private ulong _lastStart;
    private ulong _lastTime;
    private double _lastValue;
    private HistogramBuckets? _lastBuckets;

    /// <summary>Counter: the increase since first seen. Gauge: the latest value. Histogram: observations since first seen.</summary>
    public double Total { get; private set; }

    public IReadOnlyCollection<MetricSample> Samples => _samples;

    public void AddSum(ulong start, ulong time, double value, bool cumulative)
    {
        if (time <= _lastTime) return;
        var continues = cumulative && _lastTime != 0 && start == _lastStart && value >= _lastValue;
        var increase = continues ? value - _lastValue : value;
        Push(new MetricSample(continues ? OtlpValues.Time(_lastTime) : IntervalStart(start, time), OtlpValues.Time(time), increase));
        Total += increase;
        Remember(start, time, value, null);
    }

    /// <param name="delta">The point is a change to add to the current value (a delta up-down counter).</param>
    public void AddGauge(ulong time, double value, bool delta = false)
    {
        if (time < _lastTime) return;
        var current = delta ? Total + value : value;
        var at = OtlpValues.Time(time);
        Push(new MetricSample(at, at, current));
        Total = current;
        Remember(0, time, current, null);
    }

    public void AddHistogram(ulong start, ulong time, double count, HistogramBuckets buckets, bool cumulative)
    {
        if (time <= _lastTime) return;
        var continues = cumulative && _lastTime != 0 && start == _lastStart && count >= _lastValue
            && _lastBuckets is { } last && last.Bounds.AsSpan().SequenceEqual(buckets.Bounds)
            && !last.Counts.Where((c, i) => buckets.Counts[i] < c).Any();
        var increase = continues ? count - _lastValue : count;
        var observed = !continues ? buckets : new HistogramBuckets(buckets.Bounds,
            buckets.Counts.Select((c, i) => c - _lastBuckets!.Counts[i]).ToArray(), buckets.Sum - _lastBuckets!.Sum);
        // An idle interval needs no bucket copy: the count of zero says it all.
        Push(new MetricSample(continues ? OtlpValues.Time(_lastTime) : IntervalStart(start, time), OtlpValues.Time(time), increase,
            increase > 0 ? observed : null));
        Total += increase;
        Remember(start, time, count, buckets);
    }

    private DateTime IntervalStart(ulong start, ulong time) =>
        start != 0 && start < time ? OtlpValues.Time(start) : OtlpValues.Time(_lastTime != 0 ? _lastTime : time);

    private void Push(MetricSample sample)
    {
        _samples.Enqueue(sample);
        while (_samples.Count > capacity) _samples.Dequeue();
    }

    private void Remember(ulong start, ulong time, double value, HistogramBuckets? buckets)
    {
        _lastStart = start;
        _lastTime = time;
        _lastValue = value;
        _lastBuckets = buckets;
    }
}
