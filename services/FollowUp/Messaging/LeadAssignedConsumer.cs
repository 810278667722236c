using MassTransit;
using Microsoft.EntityFrameworkCore;
using Smarketing.Contracts;
using Smarketing.FollowUp.Data;
using Smarketing.FollowUp.Domain;
using Smarketing.ServiceDefaults.Messaging;

namespace Smarketing.FollowUp.Messaging;

/// <summary>
/// An owned lead gets its cadence, planned in the lead's time zone from the template of its grade. A reassigned
/// lead keeps its plan and moves its open steps to the new owner; a lead that came back from nurture and was
/// assigned again starts a new cycle. The assignments waiting on the queue are planned together: one inbox query, the
/// settings and holidays once, their cadences and contacts in one read each, and one commit.
/// </summary>
public sealed class LeadAssignedConsumer(FollowUpDbContext db, ILogger<LeadAssignedConsumer> logger) : IConsumer<Batch<LeadAssigned>>
{
    public Task Consume(ConsumeContext<Batch<LeadAssigned>> context) => BatchConsumption.RunAsync(context, this, db, HandleAsync);

    private async Task HandleAsync(IReadOnlyList<ConsumeContext<LeadAssigned>> messages, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var fresh = await BatchConsumption.UnhandledAsync(db, messages, nameof(LeadAssignedConsumer), ct);
        if (fresh.Count == 0) return;

        var leadIds = fresh.Select(m => m.Message.LeadId).Distinct().ToList();
        var settings = await db.CadencesAsync(ct);
        var holidays = await db.HolidayDatesAsync(ct);
        var cadences = await db.Cadences.Where(c => leadIds.Contains(c.LeadId)).ToDictionaryAsync(c => c.LeadId, ct);
        var contacts = await db.Contacts.AsNoTracking().Where(c => leadIds.Contains(c.LeadId)).ToDictionaryAsync(c => c.LeadId, ct);
        var seen = new HashSet<Guid>();
        foreach (var message in fresh)
        {
            var e = message.Message;
            // The same lead again in this batch (assigned, then reassigned): what the first one planned is flushed, so the
            // hand-over below finds its steps as it would one message at a time.
            if (!seen.Add(e.LeadId)) await db.SaveChangesAsync(ct);
            var existing = cadences.GetValueOrDefault(e.LeadId);
            if (existing is { IsOpen: true })
            {
                if (e.AssignedAt >= existing.AssignedAt) await HandOverAsync(e, existing, settings, holidays, ct);
            }
            else if (existing is null || existing.RecycledAt is not null)
            {
                cadences[e.LeadId] = Plan(e, existing, contacts.GetValueOrDefault(e.LeadId), settings, holidays);
            }
            // An assignment of a closed lead that was never recycled is stale (it crossed the outcome): nothing to plan.
            db.MarkProcessed(BatchConsumption.MessageIdOf(message), nameof(LeadAssignedConsumer));
        }
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
    }

    private async Task HandOverAsync(LeadAssigned e, LeadCadence existing, CadenceSettings settings, IReadOnlySet<DateOnly> holidays, CancellationToken ct)
    {
        existing.RepId = e.RepId;
        existing.RepName = e.RepName;
        existing.AssignedAt = e.AssignedAt;
        var open = await db.Tasks.Where(t => t.LeadId == e.LeadId && t.Cycle == existing.Cycle &&
            (t.Status == TaskStatuses.Pending || t.Status == TaskStatuses.Overdue)).ToListAsync(ct);
        var calendar = settings.CalendarFor(existing.TimeZone, holidays);
        CadenceRules.HandOver(open, e.RepId, TimeSpan.FromMinutes(existing.FirstTouchDeadlineMinutes), calendar, e.AssignedAt);
        logger.LogInformation("Moved {Steps} open step(s) of lead {LeadId} to {RepName} ({RepId})", open.Count, e.LeadId, e.RepName, e.RepId);
    }

    private LeadCadence Plan(LeadAssigned e, LeadCadence? previous, LeadContact? contact, CadenceSettings settings, IReadOnlySet<DateOnly> holidays)
    {
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

        var calendar = settings.CalendarFor(timeZone, holidays);
        var scheduled = new List<ScheduledStep>();
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
            scheduled.Add(new ScheduledStep(task.Id, task.Step, task.Channel, task.DueAt, task.Instructions, task.FirstTouch));
        }
        if (scheduled.Count > 0) db.Publish(new FollowUpScheduled(e.LeadId, e.RepId, scheduled));
        logger.LogInformation("Scheduled {Steps} follow-up steps for lead {LeadId} (grade {Grade}, {TimeZone}, cycle {Cycle})",
            scheduled.Count, e.LeadId, e.Grade, timeZone, cadence.Cycle);
        return cadence;
    }
}
