using System.Diagnostics;
using System.Text.Json;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Smarketing.Contracts;

namespace Smarketing.ServiceDefaults.Data;

/// <summary>
/// Publishes outbox rows until the broker confirms them. Rows are claimed with FOR UPDATE SKIP LOCKED so
/// replicas share the work; a row is marked sent only after the confirmed publish, so a crash in
/// between re-sends it (consumers are idempotent on the message id, which is kept across re-sends).
/// </summary>
public sealed class OutboxRelay<TContext>(
    IServiceScopeFactory scopes,
    IBus bus,
    OutboxSignal signal,
    OutboxMetrics metrics,
    ILogger<OutboxRelay<TContext>> logger) : BackgroundService where TContext : ServiceDbContext
{
    private const int BatchSize = 200;
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan PublishTimeout = TimeSpan.FromSeconds(20);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var sent = await RelayBatchAsync(stoppingToken);
                failures = 0;
                if (sent == BatchSize) continue;
                await signal.WaitAsync(PollInterval, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                failures++;
                var delay = TimeSpan.FromMilliseconds(Math.Min(10_000, 200 * Math.Pow(2, Math.Min(failures, 6))));
                logger.LogWarning(ex, "Outbox relay failed {Failures} time(s); retrying in {DelayMs} ms", failures, delay.TotalMilliseconds);
                await Task.Delay(delay, stoppingToken);
            }
        }
    }

    private async Task<int> RelayBatchAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var batch = await db.OutboxMessages
            .FromSqlRaw($"""SELECT * FROM outbox_messages WHERE "SentAt" IS NULL ORDER BY "Id" LIMIT {BatchSize} FOR UPDATE SKIP LOCKED""")
            .AsNoTracking()
            .ToListAsync(ct);
        if (batch.Count == 0) return 0;

        // A publish whose confirm never comes (the broker went away mid-flight) must not hold the rows
        // forever: give the batch a deadline, roll back, and send again once the broker is back.
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(PublishTimeout);
        // Published together: the broker confirms them as a stream instead of one round trip each. Order within a
        // batch was never promised (each event type has its own queues, consumed concurrently).
        await Task.WhenAll(batch.Select(message => PublishAsync(message, deadline.Token)));

        // Marked in one statement (not an UPDATE per row): the batch was confirmed as a whole.
        var sentAt = DateTime.UtcNow;
        var ids = batch.Select(m => m.Id).ToArray();
        await db.OutboxMessages.Where(m => ids.Contains(m.Id))
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.SentAt, sentAt).SetProperty(m => m.Attempts, m => m.Attempts + 1), ct);
        await tx.CommitAsync(ct);
        // Counted once the rows are marked sent: a batch rolled back is published (and measured) again.
        foreach (var message in batch)
        {
            metrics.Published(OutboxTracing.ShortName(message.MessageType), OutboxTracing.LagMilliseconds(message.CreatedAt, sentAt));
        }
        logger.LogDebug("Outbox relay published {Count} message(s)", batch.Count);
        return batch.Count;
    }

    private async Task PublishAsync(OutboxMessage message, CancellationToken ct)
    {
        var type = ContractTypes.Resolve(message.MessageType);
        var body = JsonSerializer.Deserialize(message.Body, type, ServiceDbContext.Json)!;
        using var activity = OutboxTracing.StartPublish(message);
        try
        {
            await bus.Publish(body, type, context => context.MessageId = message.MessageId, ct);
        }
        catch (Exception ex) when (activity is not null)
        {
            activity.AddException(ex);
            activity.SetStatus(ActivityStatusCode.Error, ex.Message);
            throw;
        }
    }
}

internal static class ContractTypes
{
    private static readonly System.Reflection.Assembly Contracts = typeof(LeadReceived).Assembly;

    public static Type Resolve(string name) =>
        Contracts.GetType(name) ?? throw new InvalidOperationException($"Unknown message type {name} in the outbox.");
}
