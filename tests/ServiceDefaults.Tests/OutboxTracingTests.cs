using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Smarketing.ServiceDefaults.Data;

namespace Smarketing.ServiceDefaults.Tests;

public sealed class OutboxTracingTests : IDisposable
{
    private static readonly ActivitySource Caller = new("Smarketing.ServiceDefaults.Tests");
    private readonly ActivityListener _listener = new()
    {
        ShouldListenTo = source => source.Name is OutboxTracing.ActivitySourceName or "Smarketing.ServiceDefaults.Tests",
        Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
    };

    public OutboxTracingTests() => ActivitySource.AddActivityListener(_listener);

    public void Dispose() => _listener.Dispose();

    [Fact]
    public void Capture_gives_the_w3c_traceparent_and_tracestate_of_the_activity()
    {
        using var activity = Caller.StartActivity("capture")!;
        activity.TraceStateString = "vendor=abc";

        var (traceParent, traceState) = OutboxTracing.Capture(activity);

        Assert.Equal($"00-{activity.TraceId.ToHexString()}-{activity.SpanId.ToHexString()}-01", traceParent);
        Assert.Equal(55, traceParent!.Length);
        Assert.Equal("vendor=abc", traceState);
    }

    [Fact]
    public void Capture_keeps_an_unsampled_trace_unsampled_and_drops_an_oversized_tracestate()
    {
        var parent = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.None,
            new string('x', OutboxTracing.MaxTraceStateLength + 1));
        using var activity = new Activity("unsampled").SetParentId(parent.TraceId, parent.SpanId, parent.TraceFlags);
        activity.TraceStateString = parent.TraceState;
        activity.Start();

        var (traceParent, traceState) = OutboxTracing.Capture(activity);

        Assert.StartsWith($"00-{parent.TraceId.ToHexString()}-", traceParent);
        Assert.EndsWith("-00", traceParent);
        Assert.Null(traceState);
    }

    [Fact]
    public void Capture_gives_nothing_without_a_w3c_activity()
    {
        Assert.Equal(((string?)null, (string?)null), OutboxTracing.Capture(null));
        using var hierarchical = new Activity("legacy").SetIdFormat(ActivityIdFormat.Hierarchical).Start();
        Assert.Equal(((string?)null, (string?)null), OutboxTracing.Capture(hierarchical));
    }

    [Fact]
    public void Parent_reads_back_a_captured_context_as_remote_and_refuses_garbage()
    {
        using var activity = Caller.StartActivity("capture")!;
        var (traceParent, traceState) = OutboxTracing.Capture(activity);

        var parent = OutboxTracing.Parent(traceParent, traceState);

        Assert.NotNull(parent);
        Assert.Equal(activity.TraceId, parent.Value.TraceId);
        Assert.Equal(activity.SpanId, parent.Value.SpanId);
        Assert.Equal(ActivityTraceFlags.Recorded, parent.Value.TraceFlags);
        Assert.True(parent.Value.IsRemote);
        Assert.Null(OutboxTracing.Parent(null, null));
        Assert.Null(OutboxTracing.Parent("00-not-a-trace-01", null));
    }

    [Fact]
    public void The_publish_span_continues_the_writers_trace_and_is_the_parent_of_what_runs_inside_it()
    {
        using var writer = new Activity("writer").SetParentId(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded).Start();
        var (traceParent, traceState) = OutboxTracing.Capture(writer);
        writer.Stop();
        Assert.Null(Activity.Current);
        var message = new OutboxMessage
        {
            MessageId = Guid.NewGuid(), MessageType = "Smarketing.Contracts.LeadScored", Body = "{}", Attempts = 1,
            TraceParent = traceParent, TraceState = traceState,
        };

        using (var publish = OutboxTracing.StartPublish(message))
        {
            Assert.NotNull(publish);
            Assert.Equal("outbox publish LeadScored", publish.OperationName);
            Assert.Equal(writer.TraceId, publish.TraceId);
            Assert.Equal(writer.SpanId, publish.ParentSpanId);
            Assert.Equal(message.MessageId.ToString("D"), publish.GetTagItem("messaging.message.id"));
            // What MassTransit's send does: its span is a child of the current activity.
            using var send = Caller.StartActivity("send", ActivityKind.Producer)!;
            Assert.Equal(publish.SpanId, send.ParentSpanId);
            Assert.Equal(writer.TraceId, send.TraceId);
        }
        Assert.Null(Activity.Current);
    }

    [Fact]
    public void A_row_without_a_trace_context_is_published_in_a_new_trace()
    {
        var message = new OutboxMessage { MessageId = Guid.NewGuid(), MessageType = "Smarketing.Contracts.FollowUpDue", Body = "{}" };

        using var publish = OutboxTracing.StartPublish(message);

        Assert.NotNull(publish);
        Assert.Equal(default, publish.ParentSpanId);
        Assert.Equal("outbox publish FollowUpDue", publish.OperationName);
    }

    [Fact]
    public void Publish_stores_the_current_trace_context_on_the_outbox_row()
    {
        using var db = new TestContext();
        using (var request = Caller.StartActivity("POST /api/leads")!)
        {
            db.Publish(new { LeadId = Guid.NewGuid() });
            var row = db.ChangeTracker.Entries<OutboxMessage>().Single().Entity;
            Assert.Equal(request.Id, row.TraceParent);
        }
        db.ChangeTracker.Clear();

        db.Publish(new { LeadId = Guid.NewGuid() });
        Assert.Null(db.ChangeTracker.Entries<OutboxMessage>().Single().Entity.TraceParent);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1_500, 1_500)]
    [InlineData(-20, 0)]
    public void Lag_is_the_milliseconds_from_write_to_publish_never_negative(int publishedAfterMs, double expected)
    {
        var createdAt = new DateTime(2026, 11, 23, 8, 0, 0, DateTimeKind.Utc);
        Assert.Equal(expected, OutboxTracing.LagMilliseconds(createdAt, createdAt.AddMilliseconds(publishedAfterMs)));
    }

    private sealed class TestContext() : ServiceDbContext(new DbContextOptionsBuilder().UseNpgsql("Host=localhost;Database=unused").Options);
}
