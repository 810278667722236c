namespace Smarketing.AppHost.Dashboard.Telemetry;

/// <summary>
/// A trace's spans in waterfall order: depth-first from the roots, siblings by start time. A span whose
/// parent has not arrived (or was never sent) is shown as a root rather than hidden.
/// </summary>
internal static class Waterfall
{
    public static List<(SpanRecord Span, int Depth)> Order(IReadOnlyCollection<SpanRecord> spans)
    {
        var ids = spans.Select(s => s.SpanId).ToHashSet();
        var children = spans
            .Where(s => s.ParentSpanId is { } parent && ids.Contains(parent))
            .ToLookup(s => s.ParentSpanId!);
        var ordered = new List<(SpanRecord, int)>(spans.Count);
        var visited = new HashSet<string>();

        void Visit(SpanRecord span, int depth)
        {
            if (!visited.Add(span.SpanId)) return;
            ordered.Add((span, depth));
            foreach (var child in ByStart(children[span.SpanId])) Visit(child, depth + 1);
        }

        foreach (var root in ByStart(spans.Where(s => s.ParentSpanId is not { } parent || !ids.Contains(parent)))) Visit(root, 0);
        // Spans caught in a parent cycle (a malformed trace) have no root: list them rather than lose them.
        foreach (var orphan in ByStart(spans.Where(s => !visited.Contains(s.SpanId)))) Visit(orphan, 0);
        return ordered;
    }

    public static SpanRecord? Root(IReadOnlyCollection<SpanRecord> spans) => Order(spans).Select(x => x.Span).FirstOrDefault();

    private static IEnumerable<SpanRecord> ByStart(IEnumerable<SpanRecord> spans) =>
        spans.OrderBy(s => s.Start).ThenBy(s => s.Name, StringComparer.Ordinal).ThenBy(s => s.SpanId, StringComparer.Ordinal);
}
