using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using Smarketing.Ingestion.Data;
using Smarketing.ServiceDefaults.Data;

namespace Smarketing.ServiceDefaults.Tests;

// On a real PostgreSQL, but a unit test: one server for the class, no broker, no services.
[Trait("Category", "Database")]
public sealed class RetentionPurgeTests(RetentionDatabase database) : IClassFixture<RetentionDatabase>
{
    private const string Consumer = "LeadReceivedConsumer";
    private static readonly DateTimeOffset Now = new(2026, 12, 3, 10, 0, 0, TimeSpan.Zero);

    // Batches of two, so that three expired rows take two batches.
    private RetentionPurge<IngestionDbContext> Purge() => new(
        database.Services.GetRequiredService<IServiceScopeFactory>(),
        Options.Create(new RetentionOptions { Outbox = TimeSpan.FromDays(7), Inbox = TimeSpan.FromDays(7), BatchSize = 2 }),
        TimeProvider.System,
        database.Services.GetRequiredService<OutboxMetrics>(),
        NullLogger<RetentionPurge<IngestionDbContext>>.Instance);

    private static DateTime DaysAgo(double days) => (Now - TimeSpan.FromDays(days)).UtcDateTime;

    private static OutboxMessage Outbox(DateTime createdAt, DateTime? sentAt) => new()
    {
        MessageId = Guid.NewGuid(),
        MessageType = "Smarketing.Contracts.LeadReceived",
        Body = "{}",
        CreatedAt = createdAt,
        SentAt = sentAt,
    };

    private static ProcessedMessage Inbox(DateTime processedAt) => new() { Consumer = Consumer, MessageId = Guid.NewGuid(), ProcessedAt = processedAt };

    private async Task<IngestionDbContext> FreshTablesAsync(AsyncServiceScope scope)
    {
        var db = scope.ServiceProvider.GetRequiredService<IngestionDbContext>();
        await db.Database.ExecuteSqlRawAsync("TRUNCATE outbox_messages, processed_messages");
        return db;
    }

    [Fact]
    public async Task Sent_outbox_rows_and_inbox_rows_past_seven_days_are_deleted_while_unsent_rows_and_rows_inside_the_window_stay()
    {
        await using var scope = database.Services.CreateAsyncScope();
        var db = await FreshTablesAsync(scope);
        OutboxMessage[] oldSent = [Outbox(DaysAgo(9), DaysAgo(9)), Outbox(DaysAgo(8), DaysAgo(8)), Outbox(DaysAgo(7.1), DaysAgo(7.01))];
        var recentSent = Outbox(DaysAgo(7), DaysAgo(6.9));
        // Written a month ago and never confirmed by the broker (a long outage): the relay still has to send it.
        var unsent = Outbox(DaysAgo(30), null);
        ProcessedMessage[] oldHandled = [Inbox(DaysAgo(10)), Inbox(DaysAgo(8)), Inbox(DaysAgo(7.01))];
        var recentHandled = Inbox(DaysAgo(6.9));
        db.OutboxMessages.AddRange([.. oldSent, recentSent, unsent]);
        db.ProcessedMessages.AddRange([.. oldHandled, recentHandled]);
        await db.SaveChangesAsync();

        var result = await Purge().PurgeOnceAsync(Now, CancellationToken.None);

        Assert.Equal(new PurgeResult(Outbox: 3, Inbox: 3, Skipped: false), result);
        Assert.Equal(new[] { recentSent.MessageId, unsent.MessageId }.Order(), (await db.OutboxMessages.Select(m => m.MessageId).ToListAsync()).Order());
        Assert.Equal([recentHandled.MessageId], await db.ProcessedMessages.Select(m => m.MessageId).ToListAsync());
    }

    [Fact]
    public async Task A_message_redelivered_inside_the_window_is_still_recognised_as_handled_after_a_purge()
    {
        await using var scope = database.Services.CreateAsyncScope();
        var db = await FreshTablesAsync(scope);
        var handledSixDaysAgo = Inbox(DaysAgo(6));
        var handledTwoWeeksAgo = Inbox(DaysAgo(14));
        db.ProcessedMessages.AddRange(handledSixDaysAgo, handledTwoWeeksAgo);
        await db.SaveChangesAsync();

        await Purge().PurgeOnceAsync(Now, CancellationToken.None);

        Assert.True(await db.AlreadyProcessedAsync(handledSixDaysAgo.MessageId, Consumer));
        Assert.Equal([handledSixDaysAgo.MessageId], await db.AlreadyProcessedAsync([handledSixDaysAgo.MessageId, handledTwoWeeksAgo.MessageId], Consumer));
        // Past the window the record is gone: a repeat that late would be handled again, which is why the window is a week.
        Assert.False(await db.AlreadyProcessedAsync(handledTwoWeeksAgo.MessageId, Consumer));
    }

    [Fact]
    public async Task A_replica_that_finds_another_one_purging_deletes_nothing_and_leaves_the_run_to_it()
    {
        await using var scope = database.Services.CreateAsyncScope();
        var db = await FreshTablesAsync(scope);
        db.OutboxMessages.Add(Outbox(DaysAgo(9), DaysAgo(9)));
        db.ProcessedMessages.Add(Inbox(DaysAgo(9)));
        await db.SaveChangesAsync();
        await using var other = new NpgsqlConnection(database.ConnectionString);
        await other.OpenAsync();
        await using var otherPurge = await other.BeginTransactionAsync();
        await using (var take = new NpgsqlCommand($"SELECT pg_advisory_xact_lock({RetentionPurge<IngestionDbContext>.PurgeLock})", other, otherPurge))
            await take.ExecuteNonQueryAsync();

        var result = await Purge().PurgeOnceAsync(Now, CancellationToken.None);

        Assert.Equal(new PurgeResult(Outbox: 0, Inbox: 0, Skipped: true), result);
        Assert.Equal(1, await db.OutboxMessages.CountAsync());
        Assert.Equal(1, await db.ProcessedMessages.CountAsync());
    }

    [Fact]
    public async Task The_migrations_give_the_purge_an_index_on_each_table_so_it_never_reads_a_whole_table()
    {
        await using var scope = database.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IngestionDbContext>();

        var indexes = await db.Database.SqlQuery<string>($"""
            SELECT indexdef AS "Value" FROM pg_indexes
            WHERE indexname IN ('ix_outbox_sent_at', 'ix_processed_messages_processed_at') ORDER BY indexname
            """).ToListAsync();

        Assert.Equal(
        [
            """CREATE INDEX ix_outbox_sent_at ON public.outbox_messages USING btree ("SentAt") WHERE ("SentAt" IS NOT NULL)""",
            """CREATE INDEX ix_processed_messages_processed_at ON public.processed_messages USING btree ("ProcessedAt")""",
        ], indexes);
    }
}
