using OpenTelemetry.Proto.Trace.V1;
using OtlpStatus = OpenTelemetry.Proto.Trace.V1.Status;

namespace Smarketing.AppHost.Dashboard.Telemetry;

/// <summary>A received span, with the resource that sent it; ids in hex, times in UTC.</summary>
internal sealed record SpanRecord(
    string SpanId, string? ParentSpanId, string Name, string Kind, string Resource, string Instance,
    DateTime Start, DateTime End, string Status, string? StatusMessage,
    IReadOnlyDictionary<string, string> Attributes, IReadOnlyList<SpanEventView> Events)
{
    public bool IsError => Status == "Error";

    public static SpanRecord From(TelemetrySource source, Span span, string spanId, int attributeLimit)
    {
        var start = OtlpValues.Time(span.StartTimeUnixNano);
        var end = span.EndTimeUnixNano >= span.StartTimeUnixNano ? OtlpValues.Time(span.EndTimeUnixNano) : start;
        var events = span.Events
            .Select(e => new SpanEventView(e.Name, OtlpValues.Time(e.TimeUnixNano), OtlpValues.Attributes(e.Attributes, attributeLimit)))
            .ToList();
        return new SpanRecord(spanId, OtlpValues.HexId(span.ParentSpanId), span.Name, KindName(span.Kind), source.Name, source.Instance,
            start, end, StatusName(span.Status?.Code), span.Status?.Message is { Length: > 0 } message ? message : null,
            OtlpValues.Attributes(span.Attributes, attributeLimit), events);
    }

    private static string KindName(Span.Types.SpanKind kind) => kind switch
    {
        Span.Types.SpanKind.Server => "Server",
        Span.Types.SpanKind.Client => "Client",
        Span.Types.SpanKind.Producer => "Producer",
        Span.Types.SpanKind.Consumer => "Consumer",
        _ => "Internal",
    };

    private static string StatusName(OtlpStatus.Types.StatusCode? code) => code switch
    {
        OtlpStatus.Types.StatusCode.Ok => "Ok",
        OtlpStatus.Types.StatusCode.Error => "Error",
        _ => "Unset",
    };
}
