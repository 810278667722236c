using Google.Protobuf;
using OpenTelemetry.Proto.Collector.Logs.V1;
using OpenTelemetry.Proto.Collector.Metrics.V1;
using OpenTelemetry.Proto.Collector.Trace.V1;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Logs.V1;
using OpenTelemetry.Proto.Metrics.V1;
using OpenTelemetry.Proto.Resource.V1;
using OpenTelemetry.Proto.Trace.V1;

namespace Smarketing.AppHost.Tests;

/// <summary>OTLP export requests built by hand, as an SDK would send them, for the store's pure tests.</summary>
internal static class TelemetryTestData
{
    public static readonly DateTime T0 = new(2025, 3, 1, 12, 0, 0, DateTimeKind.Utc);

    public static ulong Nanos(DateTime at) => (ulong)(at - DateTime.UnixEpoch).Ticks * 100;

    public static Resource Resource(string name, string? instance = null)
    {
        var resource = new Resource { Attributes = { Attribute("service.name", name) } };
        if (instance is not null) resource.Attributes.Add(Attribute("service.instance.id", instance));
        return resource;
    }

    public static KeyValue Attribute(string key, string value) => new() { Key = key, Value = new AnyValue { StringValue = value } };

    public static ByteString TraceId(int n) => ByteString.CopyFrom(Convert.FromHexString(n.ToString("x32")));

    public static ByteString SpanId(int n) => ByteString.CopyFrom(Convert.FromHexString(n.ToString("x16")));

    public static string Hex(ByteString id) => Convert.ToHexStringLower(id.Span);

    public static ExportLogsServiceRequest Logs(Resource resource, string category, params LogRecord[] records) => new()
    {
        ResourceLogs =
        {
            new ResourceLogs
            {
                Resource = resource,
                ScopeLogs = { new ScopeLogs { Scope = new InstrumentationScope { Name = category }, LogRecords = { records } } },
            },
        },
    };

    public static LogRecord Log(string message, SeverityNumber severity = SeverityNumber.Info, DateTime? at = null, params KeyValue[] attributes) => new()
    {
        TimeUnixNano = Nanos(at ?? T0),
        SeverityNumber = severity,
        Body = new AnyValue { StringValue = message },
        Attributes = { attributes },
    };

    public static ExportTraceServiceRequest Spans(Resource resource, params Span[] spans) => new()
    {
        ResourceSpans = { new ResourceSpans { Resource = resource, ScopeSpans = { new ScopeSpans { Spans = { spans } } } } },
    };

    public static Span Span(int trace, int id, int? parent, string name, double startMs, double durationMs, bool error = false) => new()
    {
        TraceId = TraceId(trace),
        SpanId = SpanId(id),
        ParentSpanId = parent is { } p ? SpanId(p) : ByteString.Empty,
        Name = name,
        Kind = OpenTelemetry.Proto.Trace.V1.Span.Types.SpanKind.Server,
        StartTimeUnixNano = Nanos(T0.AddMilliseconds(startMs)),
        EndTimeUnixNano = Nanos(T0.AddMilliseconds(startMs + durationMs)),
        Status = error ? new Status { Code = Status.Types.StatusCode.Error, Message = "boom" } : null,
    };

    public static ExportMetricsServiceRequest Metrics(Resource resource, params Metric[] metrics) => new()
    {
        ResourceMetrics = { new ResourceMetrics { Resource = resource, ScopeMetrics = { new ScopeMetrics { Metrics = { metrics } } } } },
    };

    public static Metric Counter(string name, AggregationTemporality temporality, params (DateTime Start, DateTime At, long Value)[] points) => new()
    {
        Name = name,
        Unit = "{lead}",
        Sum = new Sum
        {
            IsMonotonic = true,
            AggregationTemporality = temporality,
            DataPoints = { points.Select(p => new NumberDataPoint { StartTimeUnixNano = Nanos(p.Start), TimeUnixNano = Nanos(p.At), AsInt = p.Value }) },
        },
    };

    public static Metric Histogram(string name, double[] bounds, params (DateTime Start, DateTime At, ulong[] Buckets)[] points) => new()
    {
        Name = name,
        Unit = "ms",
        Histogram = new OpenTelemetry.Proto.Metrics.V1.Histogram
        {
            AggregationTemporality = AggregationTemporality.Cumulative,
            DataPoints =
            {
                points.Select(p => new HistogramDataPoint
                {
                    StartTimeUnixNano = Nanos(p.Start),
                    TimeUnixNano = Nanos(p.At),
                    Count = p.Buckets.Aggregate(0UL, (a, b) => a + b),
                    ExplicitBounds = { bounds },
                    BucketCounts = { p.Buckets },
                }),
            },
        },
    };
}

/// <summary>A clock the test sets, so metric windows are deterministic.</summary>
internal sealed class ManualTime(DateTime now) : TimeProvider
{
    public DateTime Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => new(Now, TimeSpan.Zero);
}
