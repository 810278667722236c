using MassTransit;
using Microsoft.EntityFrameworkCore;
using Smarketing.Contracts;
using Smarketing.FollowUp.Data;
using Smarketing.FollowUp.Domain;

namespace Smarketing.FollowUp.Messaging;

/// <summary>
/// An owned lead gets its cadence, planned in the lead's time zone from the template of its grade. A reassigned
/// lead keeps its plan and moves its open steps to the new owner; a lead that came back from nurture and was
/// assigned again starts a new cycle.
/// </summary>
public sealed class LeadAssignedConsumer(FollowUpDbContext db, ILogger<LeadAssignedConsumer> logger) : IConsumer<LeadAssigned>
{
    public async Task Consume(ConsumeContext<LeadAssigned> context)
    {
        var e = context.Message;
        var messageId = context.MessageId ?? throw new InvalidOperationException("LeadAssigned without a message id.");
        var ct = context.CancellationToken;
        if (await db.AlreadyProcessedAsync(messageId, nameof(LeadAssignedConsumer), ct)) return;

        var settings = await db.CadencesAsync(ct);
        var existing = await db.Cadences.FindAsync([e.LeadId], ct);
        if (existing is { IsOpen: true })
        {
            if (e.AssignedAt >= existing.AssignedAt)
            {
                existing.RepId = e.RepId;
                existing.RepName = e.RepName;
                existing.AssignedAt = e.AssignedAt;
                var open = await db.Tasks.Where(t => t.LeadId == e.LeadId && t.Cycle == existing.Cycle &&
                    (t.Status == TaskStatuses.Pending || t.Status == TaskStatuses.Overdue)).ToListAsync(ct);
                var calendar = await db.CalendarForAsync(settings, existing.TimeZone, ct);
                CadenceRules.HandOver(open, e.RepId, TimeSpan.FromMinutes(existing.FirstTouchDeadlineMinutes), calendar, e.AssignedAt);
                logger.LogInformation("Moved {Steps} open step(s) of lead {LeadId} to {RepName} ({RepId})", open.Count, e.LeadId, e.RepName, e.RepId);
            }
        }
        else if (existing is null || existing.RecycledAt is not null)
        {
            await PlanAsync(e, existing, settings, ct);
        }
        // An assignment of a closed lead that was never recycled is stale (it crossed the outcome): nothing to plan.

        db.MarkProcessed(messageId, nameof(LeadAssignedConsumer));
        await db.SaveChangesAsync(ct);
    }

    private async Task PlanAsync(LeadAssigned e, LeadCadence? previous, CadenceSettings settings, CancellationToken ct)
    {
        var contact = await db.Contacts.AsNoTracking().FirstOrDefaultAsync(c => c.LeadId == e.LeadId, ct);
        var timeZone = IndonesianTimeZones.ForCity(e.City ?? contact?.City, settings.DefaultTimeZone);
        var gradeCadence = settings.For(e.Grade);
        var cadence = previous ?? new LeadCadence { LeadId = e.LeadId, Grade = e.Grade, Cycle = 0 };
        if (previous is null) db.Cadences.Add(cadence);
        cadence.Cycle++;
        cadence.RepId = e.RepId;
        cadence.RepName = e.RepName;
        cadence.Grade = e.Grade;
        cadence.AssignedAt = e.AssignedAt;
        cadence.TimeZone = timeZone;
        cadence.FirstTouchDeadlineMinutes = gradeCadence.FirstTouchDeadlineMinutes;
        cadence.PausedUntil = null;
        cadence.OutcomeResult = null;
        cadence.OutcomeValue = null;
        cadence.OutcomeCurrency = null;
        cadence.OutcomeReason = null;
        cadence.ClosedAt = null;
        cadence.RecycleAt = null;
        cadence.RecycledAt = null;

        var calendar = await db.CalendarForAsync(settings, timeZone, ct);
        foreach (var planned in CadencePlanner.Plan(e.AssignedAt, gradeCadence, calendar))
        {
            var task = new FollowUpTask
            {
                Id = NewId.NextGuid(),
                LeadId = e.LeadId,
                RepId = e.RepId,
                Cycle = cadence.Cycle,
                Step = planned.Step,
                Channel = planned.Channel,
                Instructions = planned.Instructions,
                Message = planned.Message,
                Subject = planned.Subject,
                DueAt = planned.DueAt,
                OverdueAt = planned.OverdueAt,
                EscalateAt = planned.EscalateAt,
                FirstTouch = planned.FirstTouch,
            };
            db.Tasks.Add(task);
            db.Publish(new FollowUpScheduled(task.Id, task.LeadId, task.RepId, task.Step, task.Channel, task.DueAt, task.Instructions, task.FirstTouch));
        }
        logger.LogInformation("Scheduled {Steps} follow-up steps for lead {LeadId} (grade {Grade}, {TimeZone}, cycle {Cycle})",
            gradeCadence.Steps.Count, e.LeadId, e.Grade, timeZone, cadence.Cycle);
    }
}
