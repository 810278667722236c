using OpenTelemetry.Proto.Trace.V1;

namespace Smarketing.AppHost.Dashboard.Telemetry;

/// <summary>
/// Spans grouped into traces by trace id. The newest traces are kept; when the limit is reached the trace
/// received first is dropped as a whole, so a trace is never shown with half of its spans missing.
/// </summary>
internal sealed class TraceStore(TelemetryLimits limits)
{
    private sealed class Trace(string id)
    {
        public string Id { get; } = id;
        public Dictionary<string, SpanRecord> Spans { get; } = new(StringComparer.Ordinal);
        public TraceSummaryView? Summary { get; set; }
    }

    private readonly Lock _lock = new();
    private readonly Dictionary<string, Trace> _traces = new(StringComparer.Ordinal);
    private readonly LinkedList<Trace> _oldestFirst = new();

    /// <summary>Adds a scope's spans; returns how many were rejected for lacking a valid trace or span id.</summary>
    public int Add(TelemetrySource source, ScopeSpans scope)
    {
        var rejected = 0;
        lock (_lock)
        {
            foreach (var span in scope.Spans)
            {
                if (OtlpValues.HexId(span.TraceId) is not { } traceId || OtlpValues.HexId(span.SpanId) is not { } spanId)
                {
                    rejected++;
                    continue;
                }
                var trace = GetOrAdd(traceId);
                // An exporter retrying a batch sends the same span again: the last copy wins.
                trace.Spans[spanId] = SpanRecord.From(source, span, spanId, limits.MaxAttributeCount);
                trace.Summary = null;
            }
        }
        return rejected;
    }

    public TelemetryPage<TraceSummaryView> Query(TraceQuery query)
    {
        List<TraceSummaryView> matches;
        lock (_lock)
        {
            matches = _traces.Values.Where(t => Matches(t, query)).Select(Summarize).ToList();
        }
        var newestFirst = matches.OrderByDescending(t => t.Start).ThenBy(t => t.TraceId, StringComparer.Ordinal).Take(query.Limit).ToList();
        return new TelemetryPage<TraceSummaryView>(matches.Count, newestFirst);
    }

    public TraceView? Get(string traceId)
    {
        lock (_lock)
        {
            if (!_traces.TryGetValue(traceId.ToLowerInvariant(), out var trace)) return null;
            var summary = Summarize(trace);
            var spans = Waterfall.Order(trace.Spans.Values).Select(x => ToView(x.Span, x.Depth, summary.Start)).ToList();
            return new TraceView(summary.TraceId, summary.Name, summary.Start, summary.DurationMs, summary.Resources, spans);
        }
    }

    private Trace GetOrAdd(string traceId)
    {
        if (_traces.TryGetValue(traceId, out var trace)) return trace;
        trace = new Trace(traceId);
        _oldestFirst.AddLast(trace);
        _traces.Add(traceId, trace);
        while (_traces.Count > limits.MaxTraces && _oldestFirst.First is { } oldest)
        {
            _oldestFirst.RemoveFirst();
            _traces.Remove(oldest.Value.Id);
        }
        return trace;
    }

    private static bool Matches(Trace trace, TraceQuery query)
    {
        if (query.Resource is { Length: > 0 } resource && !trace.Spans.Values.Any(s => s.Resource == resource)) return false;
        if (query.Text is not { Length: > 0 } text) return true;
        return trace.Id.StartsWith(text, StringComparison.OrdinalIgnoreCase)
            || trace.Spans.Values.Any(s => s.Name.Contains(text, StringComparison.OrdinalIgnoreCase)
                || s.Resource.Contains(text, StringComparison.OrdinalIgnoreCase));
    }

    private static TraceSummaryView Summarize(Trace trace)
    {
        if (trace.Summary is { } cached) return cached;
        var spans = trace.Spans.Values;
        var root = Waterfall.Root(spans)!;
        var start = spans.Min(s => s.Start);
        var end = spans.Max(s => s.End);
        var resources = spans.OrderBy(s => s.Start).Select(s => s.Resource).Distinct().ToList();
        trace.Summary = new TraceSummaryView(trace.Id, $"{root.Resource}: {root.Name}", start, (end - start).TotalMilliseconds,
            spans.Count, resources, spans.Any(s => s.IsError));
        return trace.Summary;
    }

    private static SpanView ToView(SpanRecord span, int depth, DateTime traceStart) => new(
        span.SpanId, span.ParentSpanId, span.Name, span.Kind, span.Resource, span.Instance, span.Start,
        (span.Start - traceStart).TotalMilliseconds, (span.End - span.Start).TotalMilliseconds, depth,
        span.Status, span.StatusMessage, span.Attributes, span.Events);
}
