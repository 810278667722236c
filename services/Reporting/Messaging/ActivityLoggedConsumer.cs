using MassTransit;
using Smarketing.Contracts;
using Smarketing.Reporting.Data;
using Smarketing.Reporting.Domain;

namespace Smarketing.Reporting.Messaging;

/// <summary>
/// Records a touch: the first non-note one makes the lead contacted, and the step it completed becomes done.
/// The step may not be here yet; the stored CompletedTaskId marks it done when its schedule arrives.
/// </summary>
public sealed class ActivityLoggedConsumer(ReportingDbContext db) : IConsumer<ActivityLogged>
{
    public async Task Consume(ConsumeContext<ActivityLogged> context)
    {
        var e = context.Message;
        var messageId = context.MessageId ?? throw new InvalidOperationException("ActivityLogged without a message id.");
        var ct = context.CancellationToken;
        if (await db.AlreadyProcessedAsync(messageId, nameof(ActivityLoggedConsumer), ct)) return;

        var lead = await db.GetOrAddLeadAsync(e.LeadId, ct);
        // The same activity under another message id (a re-publish) must not count twice.
        if (await db.Activities.FindAsync([e.ActivityId], ct) is null)
        {
            db.Activities.Add(new ActivityView
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
            }
            if (e.CompletedTaskId is { } taskId && await db.FollowUps.FindAsync([taskId], ct) is { } task)
            {
                task.Status = FollowUpStatus.Done;
            }
            db.AddTimeline(messageId, e.LeadId, e.At, "activity", TimelineText.Activity(e.Type, e.Outcome, e.Proof));
        }
        else if (await db.Activities.FindAsync([e.ActivityId], ct) is { } attempt && attempt.Outcome != e.Outcome && e.Outcome != "attempted")
        {
            // The rep said how a tapped call, WhatsApp or email went: the same touch, now with its outcome.
            attempt.Outcome = e.Outcome;
            attempt.Notes = e.Notes ?? attempt.Notes;
            db.AddTimeline(messageId, e.LeadId, DateTime.UtcNow, "activity", TimelineText.Activity(e.Type, e.Outcome, e.Proof));
        }

        await db.SaveProjectionAsync(lead, messageId, nameof(ActivityLoggedConsumer), ct);
    }
}
