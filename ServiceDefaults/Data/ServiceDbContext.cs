using System.Diagnostics;
using System.Text.Json;
using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Smarketing.ServiceDefaults.Data;

/// <summary>
/// Base of every service's DbContext: carries the transactional outbox (messages to publish, written in
/// the same transaction as the state change) and the inbox (messages already consumed, for idempotency).
/// </summary>
public abstract class ServiceDbContext(DbContextOptions options) : DbContext(options)
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();
    public DbSet<ProcessedMessage> ProcessedMessages => Set<ProcessedMessage>();

    /// <summary>
    /// Queues <paramref name="message"/> for publishing once this context's transaction commits, with the current
    /// trace context, so the relay's later publish continues the trace of the request or message that caused it.
    /// </summary>
    public void Publish<T>(T message) where T : class
    {
        Published = true;
        var (traceParent, traceState) = OutboxTracing.Capture(Activity.Current);
        OutboxMessages.Add(new OutboxMessage
        {
            MessageId = NewId.NextGuid(),
            MessageType = typeof(T).FullName!,
            Body = JsonSerializer.Serialize(message, Json),
            CreatedAt = DateTime.UtcNow,
            TraceParent = traceParent,
            TraceState = traceState,
        });
    }

    /// <summary>
    /// Saves without a savepoint around each save inside a transaction: EF's automatic savepoints are two more statements
    /// per save and a subtransaction per save (over 64 per transaction overflow PostgreSQL's per-backend cache). No code
    /// here carries on in a transaction after a failed save: a failure rolls the whole transaction back.
    /// </summary>
    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        Database.AutoSavepointsEnabled = false;
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    /// <summary>Messages were queued since the last commit: the commit wakes the outbox relay (other commits leave it asleep).</summary>
    internal bool Published { get; set; }

    /// <summary>True when <paramref name="consumer"/> has already handled this message.</summary>
    public Task<bool> AlreadyProcessedAsync(Guid messageId, string consumer, CancellationToken ct = default) =>
        ProcessedMessages.AnyAsync(m => m.Consumer == consumer && m.MessageId == messageId, ct);

    /// <summary>
    /// Which of <paramref name="messageIds"/> <paramref name="consumer"/> has already handled: one primary-key probe per id.
    /// Written as a subquery per id, not a join, so that no plan (a generic one, or one made on a young table's stale
    /// statistics) can read every message the consumer ever handled to answer for a few.
    /// </summary>
    public async Task<HashSet<Guid>> AlreadyProcessedAsync(IReadOnlyCollection<Guid> messageIds, string consumer, CancellationToken ct = default) =>
        (await Database.SqlQuery<Guid>($"""
            SELECT m.id AS "Value" FROM unnest({messageIds.ToArray()}) AS m(id)
            WHERE (SELECT true FROM processed_messages p WHERE p."Consumer" = {consumer} AND p."MessageId" = m.id)
            """).ToListAsync(ct)).ToHashSet();

    /// <summary>Records the message as handled in the same transaction as its effects; a concurrent twin fails on the key.</summary>
    public void MarkProcessed(Guid messageId, string consumer) =>
        ProcessedMessages.Add(new ProcessedMessage { Consumer = consumer, MessageId = messageId, ProcessedAt = DateTime.UtcNow });

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<OutboxMessage>(e =>
        {
            e.ToTable("outbox_messages");
            e.HasKey(m => m.Id);
            e.Property(m => m.MessageType).HasMaxLength(256);
            e.Property(m => m.Body).HasColumnType("jsonb");
            e.Property(m => m.TraceParent).HasMaxLength(55);
            e.Property(m => m.TraceState).HasMaxLength(OutboxTracing.MaxTraceStateLength);
            e.HasIndex(m => m.Id).HasFilter("\"SentAt\" IS NULL").HasDatabaseName("ix_outbox_unsent");
            // The retention purge finds old sent rows by this index instead of reading the whole table.
            e.HasIndex(m => m.SentAt).HasFilter("\"SentAt\" IS NOT NULL").HasDatabaseName("ix_outbox_sent_at");
        });
        modelBuilder.Entity<ProcessedMessage>(e =>
        {
            e.ToTable("processed_messages");
            e.HasKey(m => new { m.Consumer, m.MessageId });
            e.Property(m => m.Consumer).HasMaxLength(128);
            e.HasIndex(m => m.ProcessedAt).HasDatabaseName("ix_processed_messages_processed_at");
        });
    }
}

public sealed class OutboxMessage
{
    public long Id { get; set; }
    public Guid MessageId { get; set; }
    public required string MessageType { get; set; }
    public required string Body { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? SentAt { get; set; }
    public int Attempts { get; set; }
    /// <summary>W3C traceparent of the activity that wrote the row; null when there was none (a background job).</summary>
    public string? TraceParent { get; set; }
    public string? TraceState { get; set; }
}

public sealed class ProcessedMessage
{
    public required string Consumer { get; set; }
    public Guid MessageId { get; set; }
    public DateTime ProcessedAt { get; set; }
}
