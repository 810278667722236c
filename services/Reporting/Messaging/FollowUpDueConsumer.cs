using MassTransit;
using Smarketing.Contracts;
using Smarketing.Reporting.Data;
using Smarketing.Reporting.Reports;
using Smarketing.Reporting.Domain;

namespace Smarketing.Reporting.Messaging;

/// <summary>A step came due: a timeline line, and the step itself if its schedule has not arrived yet.</summary>
public sealed class FollowUpDueConsumer(ReportingDbContext db, ReportCache cache) : Projection<FollowUpDue>(db, cache)
{
    protected override Task PrepareAsync(IReadOnlyList<FollowUpDue> events, CancellationToken ct) =>
        Db.PreloadFollowUpsAsync(events.Select(e => e.TaskId).ToList(), ct);

    protected override async Task ApplyAsync(FollowUpDue e, EventMeta meta, CancellationToken ct)
    {
        var messageId = meta.MessageId;

        var lead = await Db.GetOrAddLeadAsync(e.LeadId, ct);
        var task = await Db.GetOrAddFollowUpAsync(e.TaskId, e.LeadId, e.Step, e.Channel, e.DueAt, ct);
        task.RepId ??= e.RepId;
        await Db.ReconcileFollowUpAsync(task, lead, ct);

        Db.AddTimeline(messageId, e.LeadId, e.DueAt, "followup-due", TimelineText.FollowUpDue(e.Step, e.Channel));
    }
}
