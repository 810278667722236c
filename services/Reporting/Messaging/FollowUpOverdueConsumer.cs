using MassTransit;
using Smarketing.Contracts;
using Smarketing.Reporting.Data;
using Smarketing.Reporting.Reports;
using Smarketing.Reporting.Domain;

namespace Smarketing.Reporting.Messaging;

/// <summary>Marks a step overdue, unless it was done or cancelled in the meantime.</summary>
public sealed class FollowUpOverdueConsumer(ReportingDbContext db, ReportCache cache) : Projection<FollowUpOverdue>(db, cache)
{
    protected override Task PrepareAsync(IReadOnlyList<FollowUpOverdue> events, CancellationToken ct) =>
        Db.PreloadFollowUpsAsync(events.Select(e => e.TaskId).ToList(), ct);

    protected override async Task ApplyAsync(FollowUpOverdue e, EventMeta meta, CancellationToken ct)
    {
        var messageId = meta.MessageId;

        var lead = await Db.GetOrAddLeadAsync(e.LeadId, ct);
        var task = await Db.GetOrAddFollowUpAsync(e.TaskId, e.LeadId, e.Step, channel: null, e.DueAt, ct);
        task.Status = FollowUpStatus.OnOverdue(task.Status);
        (task.RepId, task.FirstTouch, task.Breached) = (task.RepId ?? e.RepId, task.FirstTouch || e.FirstTouch, true);
        await Db.ReconcileFollowUpAsync(task, lead, ct);

        Db.AddTimeline(messageId, e.LeadId, e.NotifiedAt ?? meta.SentAt, "followup-overdue",
            TimelineText.FollowUpOverdue(e.Step, e.DueAt, e.FirstTouch));
    }
}
