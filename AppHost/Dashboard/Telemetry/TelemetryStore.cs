using OpenTelemetry.Proto.Collector.Logs.V1;
using OpenTelemetry.Proto.Collector.Metrics.V1;
using OpenTelemetry.Proto.Collector.Trace.V1;

namespace Smarketing.AppHost.Dashboard.Telemetry;

/// <summary>What an export request left out: rejected items and why (OTLP's partial success).</summary>
public readonly record struct IngestResult(long Rejected, string? Error = null);

/// <summary>
/// Everything the services export over OTLP (and the gauges the AppHost records itself), kept in memory
/// and bounded like Aspire's dashboard, for the dashboard's logs, traces and metrics views.
/// One instance per AppHost run (a singleton); safe to use from any thread.
/// </summary>
public sealed class TelemetryStore
{
    private readonly LogStore _logs;
    private readonly TraceStore _traces;
    private readonly MetricStore _metrics;
    private readonly Lock _resourcesLock = new();
    private readonly SortedDictionary<string, SortedSet<string>> _resources = new(StringComparer.Ordinal);

    public TelemetryStore(TelemetryLimits? limits = null, TimeProvider? timeProvider = null)
    {
        Limits = limits ?? new TelemetryLimits();
        var time = timeProvider ?? TimeProvider.System;
        _logs = new LogStore(Limits, time);
        _traces = new TraceStore(Limits);
        _metrics = new MetricStore(Limits, time);
    }

    public TelemetryLimits Limits { get; }

    public IngestResult Ingest(ExportLogsServiceRequest request)
    {
        foreach (var resourceLogs in request.ResourceLogs)
        {
            var source = Seen(OtlpValues.Source(resourceLogs.Resource));
            foreach (var scope in resourceLogs.ScopeLogs) _logs.Add(source, scope);
        }
        return new IngestResult(0);
    }

    public IngestResult Ingest(ExportTraceServiceRequest request)
    {
        var rejected = 0;
        foreach (var resourceSpans in request.ResourceSpans)
        {
            var source = Seen(OtlpValues.Source(resourceSpans.Resource));
            foreach (var scope in resourceSpans.ScopeSpans) rejected += _traces.Add(source, scope);
        }
        return rejected == 0 ? new IngestResult(0) : new IngestResult(rejected, "Spans need a 16-byte trace id and an 8-byte span id, not all zeros.");
    }

    public IngestResult Ingest(ExportMetricsServiceRequest request)
    {
        var rejected = 0;
        foreach (var resourceMetrics in request.ResourceMetrics)
        {
            var source = Seen(OtlpValues.Source(resourceMetrics.Resource));
            foreach (var scope in resourceMetrics.ScopeMetrics) rejected += _metrics.Add(source, scope);
        }
        return rejected == 0 ? new IngestResult(0) : new IngestResult(rejected,
            "Some points were dropped: exponential histograms and summaries are not supported, points need a time and a finite value, " +
            $"and the dashboard keeps at most {Limits.MaxInstruments} instruments of {Limits.MaxSeriesPerInstrument} series each.");
    }

    /// <summary>A gauge point the AppHost measured itself (e.g. rabbitmq.queue.messages for resource "messaging").</summary>
    public void RecordGauge(string resource, string instance, string name, string unit, string description, DateTime time, double value,
        IReadOnlyDictionary<string, string>? attributes = null)
    {
        var source = Seen(new TelemetrySource(resource, string.IsNullOrEmpty(instance) ? resource : instance));
        _metrics.RecordGauge(source, name, unit, description, time, value, attributes);
    }

    public TelemetryList<TelemetryResourceView> GetResources()
    {
        lock (_resourcesLock)
        {
            return new TelemetryList<TelemetryResourceView>(_resources.Select(r => new TelemetryResourceView(r.Key, r.Value.ToList())).ToList());
        }
    }

    public TelemetryPage<LogRecordView> GetLogs(LogQuery query) => _logs.Query(query);

    public TelemetryPage<TraceSummaryView> GetTraces(TraceQuery query) => _traces.Query(query);

    /// <summary>The trace with its spans in waterfall order; null when unknown (or already evicted).</summary>
    public TraceView? GetTrace(string traceId) => _traces.Get(traceId);

    public TelemetryList<InstrumentView> GetInstruments() => _metrics.Instruments();

    /// <summary>The instrument's chart over the query's window; null when no such instrument has been received.</summary>
    public MetricSeriesView? GetMetricSeries(MetricSeriesQuery query) => _metrics.Series(query);

    private TelemetrySource Seen(TelemetrySource source)
    {
        lock (_resourcesLock)
        {
            if (!_resources.TryGetValue(source.Name, out var instances)) _resources[source.Name] = instances = new SortedSet<string>(StringComparer.Ordinal);
            instances.Add(source.Instance);
        }
        return source;
    }
}
