using Microsoft.EntityFrameworkCore;
using Smarketing.Contracts;
using Smarketing.FollowUp.Data;

namespace Smarketing.FollowUp;

/// <summary>
/// The durable scheduler: due times live in PostgreSQL (RabbitMQ here has no delayed delivery), and every
/// replica claims what has come due with FOR UPDATE SKIP LOCKED, marks it and publishes through the outbox in the
/// same transaction, so a step is announced due, and overdue, exactly once, never before its time, and after
/// downtime everything missed is caught up in order. Between rounds it sleeps until the next due time (at most
/// <see cref="MaxSleep"/>, so work planned by another replica is seen soon), which keeps lateness to milliseconds.
/// Besides due and overdue steps it escalates a first touch missed twice and returns recycled leads to nurture.
/// </summary>
public sealed class DueTaskDispatcher(IServiceScopeFactory scopes, TimeProvider clock, ILogger<DueTaskDispatcher> logger) : BackgroundService
{
    private const int BatchSize = 500;
    private static readonly TimeSpan MaxSleep = TimeSpan.FromMilliseconds(500);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var round = await DispatchAsync(stoppingToken);
                if (round.Claimed >= BatchSize) continue;
                var sleep = round.NextAt is { } next ? next - clock.GetUtcNow().UtcDateTime : MaxSleep;
                if (sleep > MaxSleep) sleep = MaxSleep;
                if (sleep > TimeSpan.Zero) await Task.Delay(sleep, clock, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "Dispatching due follow-ups failed; retrying");
                await Task.Delay(TimeSpan.FromSeconds(1), clock, stoppingToken);
            }
        }
    }

    private sealed record Round(int Claimed, DateTime? NextAt);

    private async Task<Round> DispatchAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FollowUpDbContext>();
        var now = clock.GetUtcNow().UtcDateTime;
        await using var tx = await db.Database.BeginTransactionAsync(ct);

        var due = await db.Tasks.FromSql($"""
            SELECT * FROM followup_tasks
            WHERE "Status" = 'pending' AND "DueNotifiedAt" IS NULL AND "DueAt" <= {now}
            ORDER BY "DueAt" LIMIT {BatchSize} FOR UPDATE SKIP LOCKED
            """).ToListAsync(ct);
        foreach (var task in due)
        {
            task.DueNotifiedAt = clock.GetUtcNow().UtcDateTime;
            db.Publish(new FollowUpDue(task.Id, task.LeadId, task.RepId, task.Step, task.Channel, task.DueAt));
        }

        var overdue = await db.Tasks.FromSql($"""
            SELECT * FROM followup_tasks
            WHERE "Status" = 'pending' AND "OverdueNotifiedAt" IS NULL AND "OverdueAt" <= {now}
            ORDER BY "OverdueAt" LIMIT {BatchSize} FOR UPDATE SKIP LOCKED
            """).ToListAsync(ct);
        foreach (var task in overdue)
        {
            task.Status = TaskStatuses.Overdue;
            task.OverdueNotifiedAt = now;
            db.Publish(new FollowUpOverdue(task.Id, task.LeadId, task.RepId, task.Step, task.DueAt, task.FirstTouch, now));
        }

        // The second miss: the overdue first touch is still not made when its escalation time passes.
        var missedTwice = await db.Tasks.FromSql($"""
            SELECT * FROM followup_tasks
            WHERE "Status" = 'overdue' AND "EscalatedAt" IS NULL AND "EscalateAt" IS NOT NULL AND "EscalateAt" <= {now}
            ORDER BY "EscalateAt" LIMIT {BatchSize} FOR UPDATE SKIP LOCKED
            """).ToListAsync(ct);
        foreach (var task in missedTwice)
        {
            task.EscalatedAt = now;
            db.Publish(new LeadReassignmentRequested(task.LeadId, task.Id, task.RepId,
                $"first touch missed twice (due {task.DueAt:yyyy-MM-dd HH:mm} UTC)", now));
        }

        var recycled = await db.Cadences.FromSql($"""
            SELECT * FROM lead_cadences
            WHERE "RecycledAt" IS NULL AND "RecycleAt" IS NOT NULL AND "RecycleAt" <= {now}
            ORDER BY "RecycleAt" LIMIT {BatchSize} FOR UPDATE SKIP LOCKED
            """).ToListAsync(ct);
        foreach (var cadence in recycled)
        {
            cadence.RecycledAt = now;
            db.Publish(new LeadRecycled(cadence.LeadId, $"{cadence.OutcomeResult}: {cadence.OutcomeReason}", now));
        }

        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        var claimed = Math.Max(Math.Max(due.Count, overdue.Count), Math.Max(missedTwice.Count, recycled.Count));
        if (due.Count + overdue.Count + missedTwice.Count + recycled.Count > 0)
        {
            logger.LogInformation("Dispatched {Due} due and {Overdue} overdue step(s), {Escalated} missed first touch(es), {Recycled} recycled lead(s)",
                due.Count, overdue.Count, missedTwice.Count, recycled.Count);
        }
        if (claimed >= BatchSize) return new Round(claimed, null);

        var nextDue = await db.Tasks.Where(t => t.Status == TaskStatuses.Pending && t.DueNotifiedAt == null)
            .MinAsync(t => (DateTime?)t.DueAt, ct);
        return new Round(claimed, nextDue);
    }
}
