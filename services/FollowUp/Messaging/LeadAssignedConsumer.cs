using MassTransit;
using Microsoft.EntityFrameworkCore;
using Smarketing.Contracts;
using Smarketing.FollowUp.Data;
using Smarketing.FollowUp.Domain;

namespace Smarketing.FollowUp.Messaging;

/// <summary>An owned lead gets its cadence; a reassigned one keeps its plan and moves its open steps to the new owner.</summary>
public sealed class LeadAssignedConsumer(FollowUpDbContext db, Cadence cadence, BusinessCalendar calendar, ILogger<LeadAssignedConsumer> logger)
    : IConsumer<LeadAssigned>
{
    public async Task Consume(ConsumeContext<LeadAssigned> context)
    {
        var e = context.Message;
        var messageId = context.MessageId ?? throw new InvalidOperationException("LeadAssigned without a message id.");
        var ct = context.CancellationToken;
        if (await db.AlreadyProcessedAsync(messageId, nameof(LeadAssignedConsumer), ct)) return;

        var existing = await db.Cadences.FindAsync([e.LeadId], ct);
        if (existing is not null)
        {
            existing.RepId = e.RepId;
            await db.Tasks.Where(t => t.LeadId == e.LeadId && (t.Status == TaskStatuses.Pending || t.Status == TaskStatuses.Overdue))
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.RepId, e.RepId), ct);
        }
        else
        {
            db.Cadences.Add(new LeadCadence { LeadId = e.LeadId, RepId = e.RepId, Grade = e.Grade, AssignedAt = e.AssignedAt });
            foreach (var planned in cadence.Plan(e.AssignedAt, e.Grade, calendar))
            {
                var task = new FollowUpTask
                {
                    Id = NewId.NextGuid(),
                    LeadId = e.LeadId,
                    RepId = e.RepId,
                    Step = planned.Step,
                    Channel = planned.Channel,
                    Instructions = planned.Instructions,
                    DueAt = planned.DueAt,
                    OverdueAt = planned.OverdueAt,
                    FirstTouch = planned.FirstTouch,
                };
                db.Tasks.Add(task);
                db.Publish(new FollowUpScheduled(task.Id, task.LeadId, task.RepId, task.Step, task.Channel, task.DueAt, task.Instructions, task.FirstTouch));
            }
            logger.LogInformation("Scheduled {Steps} follow-up steps for lead {LeadId} (grade {Grade})", cadence.Steps.Count, e.LeadId, e.Grade);
        }

        db.MarkProcessed(messageId, nameof(LeadAssignedConsumer));
        await db.SaveChangesAsync(ct);
    }
}
