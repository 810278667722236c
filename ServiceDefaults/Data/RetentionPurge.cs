using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Smarketing.ServiceDefaults.Data;

/// <summary>
/// Keeps the outbox and the inbox bounded: every <see cref="RetentionOptions.Interval"/> it deletes sent outbox rows and
/// inbox rows older than their retention, in batches of short transactions. One replica purges at a time: each batch
/// takes a transaction-level advisory lock, and a replica that finds it taken leaves this run to the one holding it.
/// </summary>
public sealed class RetentionPurge<TContext>(
    IServiceScopeFactory scopes,
    IOptions<RetentionOptions> options,
    TimeProvider clock,
    OutboxMetrics metrics,
    ILogger<RetentionPurge<TContext>> logger) : BackgroundService where TContext : ServiceDbContext
{
    internal const long PurgeLock = 0x526574656E74696F; // "Retentio"
    // Not at once: the first minute after a start belongs to migrations, warm-up and the backlog.
    private static readonly TimeSpan FirstRun = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var delay = settings.Interval < FirstRun ? settings.Interval : FirstRun;
        try
        {
            while (true)
            {
                await Task.Delay(delay, clock, stoppingToken);
                delay = settings.Interval;
                try
                {
                    await PurgeOnceAsync(clock.GetUtcNow(), stoppingToken);
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    logger.LogWarning(ex, "Retention purge failed; next run in {Interval}", settings.Interval);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>One purge run as of <paramref name="now"/>: what it deleted, or nothing when another replica is purging.</summary>
    public async Task<PurgeResult> PurgeOnceAsync(DateTimeOffset now, CancellationToken ct)
    {
        var settings = options.Value;
        var outboxCutoff = (now - settings.Outbox).UtcDateTime;
        var inboxCutoff = (now - settings.Inbox).UtcDateTime;
        var started = Stopwatch.GetTimestamp();
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();

        var outbox = await DeleteInBatchesAsync<OutboxMessage>(db, nameof(OutboxMessage.SentAt), outboxCutoff, ct);
        var inbox = outbox.Busy
            ? (Deleted: 0, Busy: true)
            : await DeleteInBatchesAsync<ProcessedMessage>(db, nameof(ProcessedMessage.ProcessedAt), inboxCutoff, ct);
        var result = new PurgeResult(outbox.Deleted, inbox.Deleted, Skipped: inbox.Busy);

        if (result.Skipped) logger.LogDebug("Retention purge: another replica holds the purge lock, this run stops");
        var level = result.Outbox + result.Inbox > 0 ? LogLevel.Information : LogLevel.Debug;
        logger.Log(level, "Retention purge deleted {OutboxDeleted} sent outbox row(s) older than {OutboxRetention} and {InboxDeleted} inbox " +
            "row(s) older than {InboxRetention} in {ElapsedMs:F0} ms", result.Outbox, settings.Outbox, result.Inbox, settings.Inbox,
            Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        return result;
    }

    private async Task<(int Deleted, bool Busy)> DeleteInBatchesAsync<T>(TContext db, string timestamp, DateTime cutoff, CancellationToken ct)
    {
        var (table, delete) = ExpiredBatchDelete<T>(db, timestamp);
        var batchSize = options.Value.BatchSize;
        var deleted = 0;
        while (!ct.IsCancellationRequested)
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            if (!await db.Database.TryLockAsync(PurgeLock, ct)) return (deleted, Busy: true);
            var batch = await db.Database.ExecuteSqlRawAsync(delete, [cutoff, batchSize], ct);
            await tx.CommitAsync(ct);
            deleted += batch;
            if (batch > 0) metrics.Purged(table, batch);
            if (batch < batchSize) break;
        }
        return (deleted, Busy: false);
    }

    /// <summary>
    /// Deletes one batch of rows older than {0}, found by the index on <paramref name="timestamp"/> and deleted by their
    /// row address. Not EF's ExecuteDelete with Take: PostgreSQL joins that back to the table by reading all of it.
    /// Table and column names come from the model, so a rename cannot leave this statement behind.
    /// </summary>
    private static (string Table, string Sql) ExpiredBatchDelete<T>(TContext db, string timestamp)
    {
        var entity = db.Model.FindEntityType(typeof(T))!;
        var table = entity.GetTableName()!;
        var column = entity.FindProperty(timestamp)!.GetColumnName();
        return (table, $$"""DELETE FROM {{table}} WHERE ctid = ANY(ARRAY(SELECT ctid FROM {{table}} WHERE "{{column}}" < {0} LIMIT {1}))""");
    }
}

/// <summary>Rows one purge run deleted; <see cref="Skipped"/> when it stopped because another replica held the purge lock.</summary>
public sealed record PurgeResult(int Outbox, int Inbox, bool Skipped);
