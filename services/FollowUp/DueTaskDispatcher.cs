using Microsoft.EntityFrameworkCore;
using Smarketing.Contracts;
using Smarketing.FollowUp.Data;

namespace Smarketing.FollowUp;

/// <summary>
/// The durable scheduler: due times live in PostgreSQL (RabbitMQ here has no delayed delivery), and every
/// replica claims what has come due with FOR UPDATE SKIP LOCKED, marks it and publishes through the outbox,
/// so a step is announced due, and overdue, exactly once.
/// </summary>
public sealed class DueTaskDispatcher(IServiceScopeFactory scopes, TimeProvider clock, ILogger<DueTaskDispatcher> logger) : BackgroundService
{
    private const int BatchSize = 200;
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (await DispatchAsync(stoppingToken) == BatchSize) { }
                await Task.Delay(Interval, clock, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "Dispatching due follow-ups failed; retrying");
                await Task.Delay(Interval, clock, stoppingToken);
            }
        }
    }

    private async Task<int> DispatchAsync(CancellationToken ct)
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
            task.DueNotifiedAt = now;
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
            db.Publish(new FollowUpOverdue(task.Id, task.LeadId, task.RepId, task.Step, task.DueAt, task.FirstTouch));
        }

        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        if (due.Count + overdue.Count > 0)
        {
            logger.LogInformation("Dispatched {Due} due and {Overdue} overdue follow-up step(s)", due.Count, overdue.Count);
        }
        return Math.Max(due.Count, overdue.Count);
    }
}
