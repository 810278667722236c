using MassTransit;
using Smarketing.Contracts;
using Smarketing.Reporting.Data;
using Smarketing.Reporting.Domain;

namespace Smarketing.Reporting.Messaging;

/// <summary>Marks a step overdue, unless it was done or cancelled in the meantime.</summary>
public sealed class FollowUpOverdueConsumer(ReportingDbContext db) : IConsumer<FollowUpOverdue>
{
    public async Task Consume(ConsumeContext<FollowUpOverdue> context)
    {
        var e = context.Message;
        var messageId = context.MessageId ?? throw new InvalidOperationException("FollowUpOverdue without a message id.");
        var ct = context.CancellationToken;
        if (await db.AlreadyProcessedAsync(messageId, nameof(FollowUpOverdueConsumer), ct)) return;

        var lead = await db.GetOrAddLeadAsync(e.LeadId, ct);
        var task = await db.GetOrAddFollowUpAsync(e.TaskId, e.LeadId, e.Step, channel: null, e.DueAt, ct);
        task.Status = FollowUpStatus.OnOverdue(task.Status);
        await db.ReconcileFollowUpAsync(task, lead, ct);

        db.AddTimeline(messageId, e.LeadId, context.SentTime ?? DateTime.UtcNow, "followup-overdue",
            TimelineText.FollowUpOverdue(e.Step, e.DueAt, e.FirstTouch));
        await db.SaveProjectionAsync(lead, messageId, nameof(FollowUpOverdueConsumer), ct);
    }
}
