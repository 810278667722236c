using MassTransit;
using Smarketing.Contracts;
using Smarketing.Reporting.Data;
using Smarketing.Reporting.Domain;

namespace Smarketing.Reporting.Messaging;

/// <summary>The second missed first touch, on the lead's timeline (the reassignment that follows has its own line).</summary>
public sealed class LeadReassignmentRequestedConsumer(ReportingDbContext db) : IConsumer<LeadReassignmentRequested>
{
    public async Task Consume(ConsumeContext<LeadReassignmentRequested> context)
    {
        var e = context.Message;
        var messageId = context.MessageId ?? throw new InvalidOperationException("LeadReassignmentRequested without a message id.");
        var ct = context.CancellationToken;
        if (await db.AlreadyProcessedAsync(messageId, nameof(LeadReassignmentRequestedConsumer), ct)) return;

        var lead = await db.GetOrAddLeadAsync(e.LeadId, ct);
        db.AddTimeline(messageId, e.LeadId, e.RequestedAt, "escalated", TimelineText.ReassignmentRequested(e.Reason));
        await db.SaveProjectionAsync(lead, messageId, nameof(LeadReassignmentRequestedConsumer), ct);
    }
}

/// <summary>A lost lead back in nurture: open again, without an owner until it qualifies and is routed anew.</summary>
public sealed class LeadRecycledConsumer(ReportingDbContext db) : IConsumer<LeadRecycled>
{
    public async Task Consume(ConsumeContext<LeadRecycled> context)
    {
        var e = context.Message;
        var messageId = context.MessageId ?? throw new InvalidOperationException("LeadRecycled without a message id.");
        var ct = context.CancellationToken;
        if (await db.AlreadyProcessedAsync(messageId, nameof(LeadRecycledConsumer), ct)) return;

        var lead = await db.GetOrAddLeadAsync(e.LeadId, ct);
        if (lead.ClosedAt is null || lead.ClosedAt <= e.RecycledAt)
        {
            lead.OutcomeResult = null;
            lead.OutcomeValue = null;
            lead.OutcomeCurrency = null;
            lead.OutcomeReason = null;
            lead.ClosedAt = null;
            lead.OwnerRepId = null;
            lead.OwnerName = null;
            lead.AssignedAt = null;
            lead.Qualification = "nurture";
            lead.RecycledAt = e.RecycledAt;
        }
        db.AddTimeline(messageId, e.LeadId, e.RecycledAt, "recycled", TimelineText.Recycled(e.Reason));
        await db.SaveProjectionAsync(lead, messageId, nameof(LeadRecycledConsumer), ct);
    }
}
