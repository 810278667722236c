using System.Text.Json.Serialization;

namespace Smarketing.AppHost.Dashboard.Telemetry;

// What the telemetry API returns, shaped as the dashboard contract says (System.Text.Json web defaults:
// camelCase properties, attribute keys as sent). Enumerations travel as their contract names.

public sealed record TelemetryList<T>(IReadOnlyList<T> Items);

public sealed record TelemetryPage<T>(int Total, IReadOnlyList<T> Items);

public sealed record TelemetryResourceView(string Name, IReadOnlyList<string> Instances);

public sealed record LogRecordView(
    long Id, DateTime Timestamp, string Resource, string Instance, string Level, string Category, string Message,
    string? TraceId, string? SpanId, IReadOnlyDictionary<string, string> Attributes, string? Exception);

public sealed record TraceSummaryView(
    string TraceId, string Name, DateTime Start, double DurationMs, int SpanCount, IReadOnlyList<string> Resources, bool HasError);

public sealed record TraceView(
    string TraceId, string Name, DateTime Start, double DurationMs, IReadOnlyList<string> Resources, IReadOnlyList<SpanView> Spans);

public sealed record SpanView(
    string SpanId, string? ParentSpanId, string Name, string Kind, string Resource, string Instance, DateTime Start,
    double OffsetMs, double DurationMs, int Depth, string Status, string? StatusMessage,
    IReadOnlyDictionary<string, string> Attributes, IReadOnlyList<SpanEventView> Events);

public sealed record SpanEventView(string Name, DateTime Time, IReadOnlyDictionary<string, string> Attributes);

public sealed record InstrumentView(string Name, string Description, string Unit, string Type, IReadOnlyList<string> Resources);

public sealed record MetricSeriesView(string Name, string Unit, string Type, double Total, IReadOnlyList<MetricPointView> Points);

/// <summary>A step of a series; histogram steps also carry p50, p99 and the count per second.</summary>
public sealed record MetricPointView(
    DateTime Time,
    double Value,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? P50 = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? P99 = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? Count = null);
