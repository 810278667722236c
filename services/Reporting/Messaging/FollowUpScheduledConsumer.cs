using MassTransit;
using Smarketing.Contracts;
using Smarketing.Reporting.Data;
using Smarketing.Reporting.Domain;

namespace Smarketing.Reporting.Messaging;

/// <summary>Adds a planned step as pending, unless an activity already completed it or the lead has closed.</summary>
public sealed class FollowUpScheduledConsumer(ReportingDbContext db) : IConsumer<FollowUpScheduled>
{
    public async Task Consume(ConsumeContext<FollowUpScheduled> context)
    {
        var e = context.Message;
        var messageId = context.MessageId ?? throw new InvalidOperationException("FollowUpScheduled without a message id.");
        var ct = context.CancellationToken;
        if (await db.AlreadyProcessedAsync(messageId, nameof(FollowUpScheduledConsumer), ct)) return;

        var lead = await db.GetOrAddLeadAsync(e.LeadId, ct);
        var task = await db.GetOrAddFollowUpAsync(e.TaskId, e.LeadId, e.Step, e.Channel, e.DueAt, ct);
        (task.Step, task.Channel, task.DueAt) = (e.Step, e.Channel, e.DueAt);
        await db.ReconcileFollowUpAsync(task, lead, ct);

        db.AddTimeline(messageId, e.LeadId, context.SentTime ?? DateTime.UtcNow, "followup-scheduled",
            TimelineText.FollowUpScheduled(e.Step, e.Channel, e.DueAt));
        await db.SaveProjectionAsync(lead, messageId, nameof(FollowUpScheduledConsumer), ct);
    }
}
