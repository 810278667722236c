using MassTransit;
using Smarketing.Contracts;
using Smarketing.Reporting.Data;
using Smarketing.Reporting.Reports;
using Smarketing.Reporting.Domain;

namespace Smarketing.Reporting.Messaging;

/// <summary>
/// Adds a planned cadence's steps as pending, unless an activity already completed a step or the lead has closed; the
/// plan is one line of the lead's timeline.
/// </summary>
public sealed class FollowUpScheduledConsumer(ReportingDbContext db, ReportCache cache) : Projection<FollowUpScheduled>(db, cache)
{
    protected override Task PrepareAsync(IReadOnlyList<FollowUpScheduled> events, CancellationToken ct) =>
        Db.PreloadFollowUpsAsync(events.SelectMany(e => e.Steps).Select(s => s.TaskId).ToList(), ct);

    protected override async Task ApplyAsync(FollowUpScheduled e, EventMeta meta, CancellationToken ct)
    {
        if (e.Steps.Count == 0) return;
        var lead = await Db.GetOrAddLeadAsync(e.LeadId, ct);
        await Db.AddPlannedFollowUpsAsync(lead, e.RepId, e.Steps, ct);
        Db.AddTimeline(meta.MessageId, e.LeadId, meta.SentAt, "followup-scheduled", TimelineText.FollowUpScheduled(e.Steps));
    }
}
