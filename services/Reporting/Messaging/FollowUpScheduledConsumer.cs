using MassTransit;
using Smarketing.Contracts;
using Smarketing.Reporting.Data;
using Smarketing.Reporting.Reports;
using Smarketing.Reporting.Domain;

namespace Smarketing.Reporting.Messaging;

/// <summary>Adds a planned step as pending, unless an activity already completed it or the lead has closed.</summary>
public sealed class FollowUpScheduledConsumer(ReportingDbContext db, ReportCache cache) : Projection<FollowUpScheduled>(db, cache)
{
    protected override async Task ApplyAsync(FollowUpScheduled e, EventMeta meta, CancellationToken ct)
    {
        var messageId = meta.MessageId;

        var lead = await Db.GetOrAddLeadAsync(e.LeadId, ct);
        var task = await Db.GetOrAddFollowUpAsync(e.TaskId, e.LeadId, e.Step, e.Channel, e.DueAt, ct);
        (task.Step, task.Channel, task.DueAt, task.RepId, task.FirstTouch) = (e.Step, e.Channel, e.DueAt, e.RepId, e.FirstTouch);
        await Db.ReconcileFollowUpAsync(task, lead, ct);

        Db.AddTimeline(messageId, e.LeadId, meta.SentAt, "followup-scheduled",
            TimelineText.FollowUpScheduled(e.Step, e.Channel, e.DueAt));
    }
}
