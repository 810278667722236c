using Google.Protobuf.Collections;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Metrics.V1;

namespace Smarketing.AppHost.Dashboard.Telemetry;

/// <summary>
/// Instruments by name, each with one series per resource instance and attribute set. Bounded three ways:
/// instruments, series per instrument and samples per series (oldest dropped); points that would need a new
/// instrument or series beyond the limits are rejected and reported back to the exporter.
/// </summary>
internal sealed class MetricStore(TelemetryLimits limits, TimeProvider time)
{
    private sealed class Instrument(string name, string description, string unit, InstrumentType type)
    {
        public string Name { get; } = name;
        public string Description { get; set; } = description;
        public string Unit { get; set; } = unit;
        public InstrumentType Type { get; } = type;
        public SortedSet<string> Resources { get; } = new(StringComparer.Ordinal);
        public Dictionary<SeriesKey, MetricSeries> Series { get; } = [];
    }

    private readonly record struct SeriesKey(string Resource, string Instance, string Attributes);

    // Data point flag: the exporter had no value for this point (e.g. a series that went stale).
    private const uint NoRecordedValue = 1;

    private readonly Lock _lock = new();
    private readonly Dictionary<string, Instrument> _instruments = new(StringComparer.Ordinal);

    /// <summary>Adds a scope's metrics; returns the data points rejected (unsupported kinds, limits, invalid points).</summary>
    public int Add(TelemetrySource source, ScopeMetrics scope)
    {
        var rejected = 0;
        lock (_lock)
        {
            foreach (var metric in scope.Metrics) rejected += Add(source, metric);
        }
        return rejected;
    }

    public void RecordGauge(TelemetrySource source, string name, string unit, string description, DateTime at, double value,
        IReadOnlyDictionary<string, string>? attributes)
    {
        if (!double.IsFinite(value)) return;
        lock (_lock)
        {
            var instrument = GetOrAdd(name, description, unit, InstrumentType.Gauge);
            if (instrument?.Type != InstrumentType.Gauge) return;
            var series = GetOrAddSeries(instrument, source, SeriesAttributes(attributes ?? new Dictionary<string, string>()));
            series?.AddGauge(UnixNanos(at), value);
        }
    }

    public TelemetryList<InstrumentView> Instruments()
    {
        lock (_lock)
        {
            return new TelemetryList<InstrumentView>(_instruments.Values
                .OrderBy(i => i.Name, StringComparer.Ordinal)
                .Select(i => new InstrumentView(i.Name, i.Description, i.Unit, i.Type.ToString(), i.Resources.ToList()))
                .ToList());
        }
    }

    public MetricSeriesView? Series(MetricSeriesQuery query)
    {
        var window = new MetricWindow(time.GetUtcNow().UtcDateTime, query.Minutes, query.StepSeconds);
        lock (_lock)
        {
            if (!_instruments.TryGetValue(query.Name, out var instrument)) return null;
            var series = instrument.Series
                .Where(s => query.Resource is not { Length: > 0 } resource || s.Key.Resource == resource)
                .Select(s => s.Value)
                .ToList();
            var points = instrument.Type switch
            {
                InstrumentType.Sum => window.Rates(series),
                InstrumentType.Histogram => window.Percentiles(series),
                _ => window.Latest(series),
            };
            return new MetricSeriesView(instrument.Name, instrument.Unit, instrument.Type.ToString(), series.Sum(s => s.Total), points);
        }
    }

    private int Add(TelemetrySource source, Metric metric)
    {
        switch (metric.DataCase)
        {
            case Metric.DataOneofCase.Sum when metric.Sum.IsMonotonic:
                return AddNumbers(source, metric, InstrumentType.Sum, metric.Sum.DataPoints, metric.Sum.AggregationTemporality);
            case Metric.DataOneofCase.Sum:
                // An up-down counter is read like a gauge: its current value is what matters, not a rate.
                return AddNumbers(source, metric, InstrumentType.Gauge, metric.Sum.DataPoints, metric.Sum.AggregationTemporality);
            case Metric.DataOneofCase.Gauge:
                return AddNumbers(source, metric, InstrumentType.Gauge, metric.Gauge.DataPoints, AggregationTemporality.Unspecified);
            case Metric.DataOneofCase.Histogram:
                return AddHistograms(source, metric);
            case Metric.DataOneofCase.ExponentialHistogram:
                return metric.ExponentialHistogram.DataPoints.Count;
            case Metric.DataOneofCase.Summary:
                return metric.Summary.DataPoints.Count;
            default:
                return 0;
        }
    }

    private int AddNumbers(TelemetrySource source, Metric metric, InstrumentType type,
        IReadOnlyCollection<NumberDataPoint> points, AggregationTemporality temporality)
    {
        var instrument = GetOrAdd(metric.Name, metric.Description, metric.Unit, type);
        if (instrument?.Type != type) return points.Count;
        var rejected = 0;
        foreach (var point in points)
        {
            if ((point.Flags & NoRecordedValue) != 0) continue;
            var value = point.ValueCase == NumberDataPoint.ValueOneofCase.AsInt ? point.AsInt : point.AsDouble;
            var series = GetOrAddSeries(instrument, source, SeriesAttributes(point.Attributes));
            if (series is null || point.TimeUnixNano == 0 || !double.IsFinite(value))
            {
                rejected++;
                continue;
            }
            var cumulative = temporality != AggregationTemporality.Delta;
            if (type == InstrumentType.Sum) series.AddSum(point.StartTimeUnixNano, point.TimeUnixNano, value, cumulative);
            else series.AddGauge(point.TimeUnixNano, value, delta: temporality == AggregationTemporality.Delta);
        }
        return rejected;
    }

    private int AddHistograms(TelemetrySource source, Metric metric)
    {
        var instrument = GetOrAdd(metric.Name, metric.Description, metric.Unit, InstrumentType.Histogram);
        var points = metric.Histogram.DataPoints;
        if (instrument?.Type != InstrumentType.Histogram) return points.Count;
        var rejected = 0;
        foreach (var point in points)
        {
            if ((point.Flags & NoRecordedValue) != 0) continue;
            var buckets = point.BucketCounts.Count == 0
                ? new HistogramBuckets([], [point.Count], point.Sum)
                : new HistogramBuckets(point.ExplicitBounds.ToArray(), point.BucketCounts.Select(c => (double)c).ToArray(), point.Sum);
            var series = GetOrAddSeries(instrument, source, SeriesAttributes(point.Attributes));
            if (series is null || point.TimeUnixNano == 0 || buckets.Counts.Length != buckets.Bounds.Length + 1)
            {
                rejected++;
                continue;
            }
            var cumulative = metric.Histogram.AggregationTemporality != AggregationTemporality.Delta;
            series.AddHistogram(point.StartTimeUnixNano, point.TimeUnixNano, point.Count, buckets, cumulative);
        }
        return rejected;
    }

    private Instrument? GetOrAdd(string name, string description, string unit, InstrumentType type)
    {
        if (_instruments.TryGetValue(name, out var instrument))
        {
            if (instrument.Description.Length == 0) instrument.Description = description;
            if (instrument.Unit.Length == 0) instrument.Unit = unit;
            return instrument;
        }
        if (_instruments.Count >= limits.MaxInstruments) return null;
        return _instruments[name] = new Instrument(name, description, unit, type);
    }

    private MetricSeries? GetOrAddSeries(Instrument instrument, TelemetrySource source, string attributes)
    {
        var key = new SeriesKey(source.Name, source.Instance, attributes);
        if (instrument.Series.TryGetValue(key, out var series)) return series;
        if (instrument.Series.Count >= limits.MaxSeriesPerInstrument) return null;
        instrument.Resources.Add(source.Name);
        return instrument.Series[key] = new MetricSeries(limits.MaxPointsPerSeries);
    }

    private string SeriesAttributes(RepeatedField<KeyValue> attributes) =>
        SeriesAttributes(OtlpValues.Attributes(attributes, limits.MaxAttributeCount));

    // A series is identified by its attribute set whatever order the exporter listed the attributes in.
    private static string SeriesAttributes(IReadOnlyDictionary<string, string> attributes) =>
        string.Join('\u001f', attributes.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => $"{a.Key}={a.Value}"));

    private static ulong UnixNanos(DateTime at) => (ulong)Math.Max(0, (at.ToUniversalTime() - DateTime.UnixEpoch).Ticks) * 100;
}
