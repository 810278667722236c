using MassTransit;
using Smarketing.Contracts;
using Smarketing.Reporting.Data;
using Smarketing.Reporting.Domain;

namespace Smarketing.Reporting.Messaging;

/// <summary>The latest assignment names the owner; an older one delivered late only adds to the timeline.</summary>
public sealed class LeadAssignedConsumer(ReportingDbContext db) : IConsumer<LeadAssigned>
{
    public async Task Consume(ConsumeContext<LeadAssigned> context)
    {
        var e = context.Message;
        var messageId = context.MessageId ?? throw new InvalidOperationException("LeadAssigned without a message id.");
        var ct = context.CancellationToken;
        if (await db.AlreadyProcessedAsync(messageId, nameof(LeadAssignedConsumer), ct)) return;

        var lead = await db.GetOrAddLeadAsync(e.LeadId, ct);
        if (LeadFacts.IsNewer(lead.AssignedAt, e.AssignedAt))
        {
            lead.OwnerRepId = e.RepId;
            lead.OwnerName = e.RepName;
            lead.AssignedAt = e.AssignedAt;
        }

        db.AddTimeline(messageId, e.LeadId, e.AssignedAt, "assigned", TimelineText.Assigned(e.RepName, e.PreviousRepId, e.Reason));
        await db.SaveProjectionAsync(lead, messageId, nameof(LeadAssignedConsumer), ct);
    }
}
