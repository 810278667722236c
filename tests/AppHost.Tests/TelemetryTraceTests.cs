using Smarketing.AppHost.Dashboard.Telemetry;
using static Smarketing.AppHost.Tests.TelemetryTestData;

namespace Smarketing.AppHost.Tests;

/// <summary>The telemetry store's traces: spans grouped by trace, shown as a waterfall, evicted a whole trace at a time.</summary>
public sealed class TelemetryTraceTests
{
    [Fact]
    public void Orders_spans_depth_first_with_siblings_by_start_and_orphans_as_roots()
    {
        var store = new TelemetryStore();
        store.Ingest(Spans(Resource("gateway"), Span(1, 1, null, "POST /api/leads", 0, 100)));
        store.Ingest(Spans(Resource("ingestion"), Span(1, 2, 1, "capture", 10, 50), Span(1, 4, 2, "insert", 20, 5)));
        store.Ingest(Spans(Resource("scoring"), Span(1, 3, 1, "score", 5, 30, error: true), Span(1, 5, 99, "late consumer", 40, 10)));

        var trace = store.GetTrace(Hex(TraceId(1)))!;

        Assert.Equal(["POST /api/leads", "score", "capture", "insert", "late consumer"], trace.Spans.Select(s => s.Name));
        Assert.Equal([0, 1, 1, 2, 0], trace.Spans.Select(s => s.Depth));
        Assert.Equal([0.0, 5, 10, 20, 40], trace.Spans.Select(s => s.OffsetMs));
        Assert.Equal("gateway: POST /api/leads", trace.Name);
        Assert.Equal(100, trace.DurationMs);
        Assert.Equal(["gateway", "scoring", "ingestion"], trace.Resources);
        var capture = trace.Spans[2];
        Assert.Equal((Hex(SpanId(2)), Hex(SpanId(1)), "Server", "Unset"), (capture.SpanId, capture.ParentSpanId, capture.Kind, capture.Status));
        Assert.Equal(("Error", "boom"), (trace.Spans[1].Status, trace.Spans[1].StatusMessage));

        var summary = store.GetTraces(new TraceQuery()).Items.Single();
        Assert.Equal((5, true, 100.0), (summary.SpanCount, summary.HasError, summary.DurationMs));
    }

    [Fact]
    public void Evicts_the_oldest_trace_as_a_whole_when_full()
    {
        var store = new TelemetryStore(new TelemetryLimits { MaxTraces = 2 });
        store.Ingest(Spans(Resource("gateway"), Span(1, 1, null, "first", 0, 10)));
        store.Ingest(Spans(Resource("gateway"), Span(2, 2, null, "second", 1, 10)));
        store.Ingest(Spans(Resource("scoring"), Span(1, 3, 1, "first's child", 2, 5)));
        store.Ingest(Spans(Resource("gateway"), Span(3, 4, null, "third", 3, 10)));

        Assert.Null(store.GetTrace(Hex(TraceId(1))));
        Assert.Equal(["gateway: third", "gateway: second"], store.GetTraces(new TraceQuery()).Items.Select(t => t.Name));
    }

    [Fact]
    public void Lists_newest_first_filtered_by_resource_and_text()
    {
        var store = new TelemetryStore();
        store.Ingest(Spans(Resource("gateway"), Span(1, 1, null, "POST /api/leads", 0, 10), Span(2, 2, null, "GET /api/reports", 50, 10)));
        store.Ingest(Spans(Resource("scoring"), Span(1, 3, 1, "score lead", 2, 5)));

        Assert.Equal(2, store.GetTraces(new TraceQuery()).Total);
        Assert.Equal(["gateway: GET /api/reports", "gateway: POST /api/leads"], store.GetTraces(new TraceQuery()).Items.Select(t => t.Name));
        Assert.Equal(["gateway: POST /api/leads"], store.GetTraces(new TraceQuery(Resource: "scoring")).Items.Select(t => t.Name));
        Assert.Equal(["gateway: GET /api/reports"], store.GetTraces(new TraceQuery(Text: "reports")).Items.Select(t => t.Name));
        Assert.Single(store.GetTraces(new TraceQuery(Limit: 1)).Items);
    }

    [Fact]
    public void Rejects_spans_without_valid_ids()
    {
        var store = new TelemetryStore();
        var span = Span(1, 1, null, "no trace id", 0, 1);
        span.TraceId = Google.Protobuf.ByteString.CopyFrom(new byte[16]);

        Assert.Equal(1, store.Ingest(Spans(Resource("gateway"), span)).Rejected);
        Assert.Equal(0, store.GetTraces(new TraceQuery()).Total);
    }
}
