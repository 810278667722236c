using MassTransit;
using Smarketing.Contracts;
using Smarketing.Reporting.Data;
using Smarketing.Reporting.Reports;
using Smarketing.Reporting.Domain;

namespace Smarketing.Reporting.Messaging;

/// <summary>The second missed first touch, on the lead's timeline (the reassignment that follows has its own line).</summary>
public sealed class LeadReassignmentRequestedConsumer(ReportingDbContext db, ReportCache cache) : Projection<LeadReassignmentRequested>(db, cache)
{
    protected override async Task ApplyAsync(LeadReassignmentRequested e, EventMeta meta, CancellationToken ct)
    {
        var messageId = meta.MessageId;

        var lead = await Db.GetOrAddLeadAsync(e.LeadId, ct);
        Db.AddTimeline(messageId, e.LeadId, e.RequestedAt, "escalated", TimelineText.ReassignmentRequested(e.Reason));
    }
}

/// <summary>A lost lead back in nurture: open again, without an owner until it qualifies and is routed anew.</summary>
public sealed class LeadRecycledConsumer(ReportingDbContext db, ReportCache cache) : Projection<LeadRecycled>(db, cache)
{
    protected override async Task ApplyAsync(LeadRecycled e, EventMeta meta, CancellationToken ct)
    {
        var messageId = meta.MessageId;

        var lead = await Db.GetOrAddLeadAsync(e.LeadId, ct);
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
        Db.AddTimeline(messageId, e.LeadId, e.RecycledAt, "recycled", TimelineText.Recycled(e.Reason));
    }
}
