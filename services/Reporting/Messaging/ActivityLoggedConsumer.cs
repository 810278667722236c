using MassTransit;
using Smarketing.Contracts;
using Smarketing.Reporting.Data;
using Smarketing.Reporting.Reports;
using Smarketing.Reporting.Domain;

namespace Smarketing.Reporting.Messaging;

/// <summary>
/// Records a touch: the first non-note one makes the lead contacted, and the step it completed becomes done.
/// The step may not be here yet; the stored CompletedTaskId marks it done when its schedule arrives.
/// </summary>
public sealed class ActivityLoggedConsumer(ReportingDbContext db, ReportCache cache) : Projection<ActivityLogged>(db, cache)
{
    protected override async Task ApplyAsync(ActivityLogged e, EventMeta meta, CancellationToken ct)
    {
        var messageId = meta.MessageId;

        var lead = await Db.GetOrAddLeadAsync(e.LeadId, ct);
        // The same activity under another message id (a re-publish) must not count twice.
        if (await Db.Activities.FindAsync([e.ActivityId], ct) is null)
        {
            Db.Activities.Add(new ActivityView
            {
                ActivityId = e.ActivityId,
                LeadId = e.LeadId,
                Type = e.Type,
                Outcome = e.Outcome,
                Notes = e.Notes,
                At = e.At,
                CompletedTaskId = e.CompletedTaskId,
            });
            if (LeadFacts.IsSalesTouch(e.Type))
            {
                lead.SalesTouches++;
                lead.FirstTouchAt = LeadFacts.Earliest(lead.FirstTouchAt, e.At);
                lead.LastTouchAt = LeadFacts.Latest(lead.LastTouchAt, e.At);
            }
            if (e.CompletedTaskId is { } taskId && await Db.FollowUps.FindAsync([taskId], ct) is { } task)
            {
                task.Status = FollowUpStatus.Done;
            }
            Db.AddTimeline(messageId, e.LeadId, e.At, "activity", TimelineText.Activity(e.Type, e.Outcome, e.Proof));
        }
        else if (await Db.Activities.FindAsync([e.ActivityId], ct) is { } attempt && attempt.Outcome != e.Outcome && e.Outcome != "attempted")
        {
            // The rep said how a tapped call, WhatsApp or email went: the same touch, now with its outcome.
            attempt.Outcome = e.Outcome;
            attempt.Notes = e.Notes ?? attempt.Notes;
            Db.AddTimeline(messageId, e.LeadId, meta.SentAt, "activity", TimelineText.Activity(e.Type, e.Outcome, e.Proof));
        }

    }
}
