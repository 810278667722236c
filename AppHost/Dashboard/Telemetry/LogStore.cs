using Microsoft.Extensions.Logging;
using OpenTelemetry.Proto.Logs.V1;

namespace Smarketing.AppHost.Dashboard.Telemetry;

/// <summary>The newest log records of every resource, oldest dropped first once the limit is reached.</summary>
internal sealed class LogStore(TelemetryLimits limits, TimeProvider time)
{
    private sealed record Entry(LogRecordView View, LogLevel Level);

    // Attributes the .NET SDK sends that the view shows elsewhere (message, exception) or not at all.
    private const string OriginalFormat = "{OriginalFormat}";
    private const string ExceptionType = "exception.type";
    private const string ExceptionMessage = "exception.message";
    private const string ExceptionStacktrace = "exception.stacktrace";
    private const string LoggerCategory = "dotnet.ilogger.category";

    private readonly Lock _lock = new();
    private readonly Queue<Entry> _entries = new();
    private long _nextId = 1;

    public void Add(TelemetrySource source, ScopeLogs scope)
    {
        lock (_lock)
        {
            foreach (var record in scope.LogRecords)
            {
                _entries.Enqueue(ToEntry(_nextId++, source, scope, record));
                while (_entries.Count > limits.MaxLogRecords) _entries.Dequeue();
            }
        }
    }

    public TelemetryPage<LogRecordView> Query(LogQuery query)
    {
        List<LogRecordView> matches;
        lock (_lock) matches = _entries.Where(e => Matches(e, query)).Select(e => e.View).ToList();
        var newestFirst = matches.OrderByDescending(v => v.Timestamp).ThenByDescending(v => v.Id).Take(query.Limit).ToList();
        return new TelemetryPage<LogRecordView>(matches.Count, newestFirst);
    }

    private static bool Matches(Entry entry, LogQuery query)
    {
        var view = entry.View;
        if (query.Resource is { Length: > 0 } resource && view.Resource != resource) return false;
        if (query.MinLevel is { } minLevel && entry.Level < minLevel) return false;
        if (query.TraceId is { Length: > 0 } traceId && !string.Equals(view.TraceId, traceId, StringComparison.OrdinalIgnoreCase)) return false;
        if (query.Text is not { Length: > 0 } text) return true;
        return view.Message.Contains(text, StringComparison.OrdinalIgnoreCase)
            || view.Category.Contains(text, StringComparison.OrdinalIgnoreCase)
            || view.Attributes.Values.Any(v => v.Contains(text, StringComparison.OrdinalIgnoreCase));
    }

    private Entry ToEntry(long id, TelemetrySource source, ScopeLogs scope, LogRecord record)
    {
        var attributes = OtlpValues.Attributes(record.Attributes, limits.MaxAttributeCount);
        var level = LogLevels.FromSeverity(record.SeverityNumber, record.SeverityText);
        var timestamp = record.TimeUnixNano != 0 ? OtlpValues.Time(record.TimeUnixNano)
            : record.ObservedTimeUnixNano != 0 ? OtlpValues.Time(record.ObservedTimeUnixNano)
            : time.GetUtcNow().UtcDateTime;
        var category = scope.Scope?.Name is { Length: > 0 } scopeName ? scopeName
            : attributes.GetValueOrDefault(LoggerCategory) ?? "";

        // With "{OriginalFormat}" among the attributes the body is already formatted; without it the body may be the template.
        var body = OtlpValues.Text(record.Body);
        var message = attributes.ContainsKey(OriginalFormat) ? body : MessageTemplate.Format(body, attributes);
        if (message.Length == 0) message = record.EventName;

        var exception = attributes.GetValueOrDefault(ExceptionStacktrace)
            ?? (attributes.TryGetValue(ExceptionType, out var type) ? $"{type}: {attributes.GetValueOrDefault(ExceptionMessage)}" : null);
        foreach (var shownElsewhere in (string[])[OriginalFormat, ExceptionType, ExceptionMessage, ExceptionStacktrace, LoggerCategory])
            attributes.Remove(shownElsewhere);

        var view = new LogRecordView(id, timestamp, source.Name, source.Instance, level.ToString(), category, message,
            OtlpValues.HexId(record.TraceId), OtlpValues.HexId(record.SpanId), attributes, exception);
        return new Entry(view, level);
    }
}
