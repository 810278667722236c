using System.Diagnostics;

namespace Smarketing.ServiceDefaults.Data;

/// <summary>
/// Carries the W3C trace context of whoever wrote an outbox row (a request, a consumer) to the relay that
/// publishes it later from its own loop, so the message and everything it causes stay in the writer's trace.
/// </summary>
public static class OutboxTracing
{
    public const string ActivitySourceName = "Smarketing.Outbox";

    /// <summary>W3C's limit; a longer tracestate may be dropped, and an outbox row is no place for an unbounded header.</summary>
    public const int MaxTraceStateLength = 512;

    internal static readonly ActivitySource Source = new(ActivitySourceName);

    /// <summary>The traceparent (version 00, always 55 characters) and tracestate of <paramref name="activity"/>; nulls without a W3C activity.</summary>
    public static (string? TraceParent, string? TraceState) Capture(Activity? activity)
    {
        if (activity is null || activity.IdFormat != ActivityIdFormat.W3C) return (null, null);
        var traceParent = $"00-{activity.TraceId.ToHexString()}-{activity.SpanId.ToHexString()}-{(activity.Recorded ? "01" : "00")}";
        var traceState = activity.TraceStateString is { Length: > 0 and <= MaxTraceStateLength } state ? state : null;
        return (traceParent, traceState);
    }

    /// <summary>The stored context as a remote parent; null when there is none or it does not parse.</summary>
    public static ActivityContext? Parent(string? traceParent, string? traceState) =>
        traceParent is not null && ActivityContext.TryParse(traceParent, traceState, isRemote: true, out var context) ? context : null;

    /// <summary>
    /// The span of one relayed publish, a child of the writer's span (a root when the row has no context), so
    /// MassTransit's send span, and through its headers the consumers' spans, continue the writer's trace.
    /// </summary>
    public static Activity? StartPublish(OutboxMessage message)
    {
        var type = ShortName(message.MessageType);
        var parent = Parent(message.TraceParent, message.TraceState) ?? default;
        var activity = Source.StartActivity($"outbox publish {type}", ActivityKind.Internal, parent);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("messaging.message.id", message.MessageId.ToString("D"));
            activity.SetTag("smarketing.outbox.message_type", type);
            activity.SetTag("smarketing.outbox.attempt", message.Attempts + 1);
        }
        return activity;
    }

    /// <summary>Milliseconds from the row's write to the confirmed publish (never negative, whatever the clocks say).</summary>
    public static double LagMilliseconds(DateTime createdAt, DateTime publishedAt) =>
        Math.Max(0, (publishedAt - createdAt).TotalMilliseconds);

    /// <summary>"Smarketing.Contracts.LeadScored" → "LeadScored".</summary>
    public static string ShortName(string messageType) => messageType[(messageType.LastIndexOf('.') + 1)..];
}
