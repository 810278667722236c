using MassTransit;
using Smarketing.Contracts;
using Smarketing.Reporting.Data;
using Smarketing.Reporting.Domain;

namespace Smarketing.Reporting.Messaging;

/// <summary>A step came due: a timeline line, and the step itself if its schedule has not arrived yet.</summary>
public sealed class FollowUpDueConsumer(ReportingDbContext db) : IConsumer<FollowUpDue>
{
    public async Task Consume(ConsumeContext<FollowUpDue> context)
    {
        var e = context.Message;
        var messageId = context.MessageId ?? throw new InvalidOperationException("FollowUpDue without a message id.");
        var ct = context.CancellationToken;
        if (await db.AlreadyProcessedAsync(messageId, nameof(FollowUpDueConsumer), ct)) return;

        var lead = await db.GetOrAddLeadAsync(e.LeadId, ct);
        var task = await db.GetOrAddFollowUpAsync(e.TaskId, e.LeadId, e.Step, e.Channel, e.DueAt, ct);
        await db.ReconcileFollowUpAsync(task, lead, ct);

        db.AddTimeline(messageId, e.LeadId, e.DueAt, "followup-due", TimelineText.FollowUpDue(e.Step, e.Channel));
        await db.SaveProjectionAsync(lead, messageId, nameof(FollowUpDueConsumer), ct);
    }
}
