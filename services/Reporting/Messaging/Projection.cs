using System.Reflection;
using MassTransit;
using Smarketing.Reporting.Data;
using Smarketing.Reporting.Reports;

namespace Smarketing.Reporting.Messaging;

/// <summary>What a projection knows of the event besides its body.</summary>
public sealed record EventMeta(Guid MessageId, DateTime SentAt);

/// <summary>A projection the rebuild can drive without a broker.</summary>
public interface IProjection
{
    Task ReplayAsync(object message, EventMeta meta, CancellationToken ct);
}

/// <summary>
/// A read-model projection. Live, each event is handled once (inbox), stored in the event log and applied in one
/// transaction, under a shared lock that a rebuild takes exclusively; then the cached reports are invalidated.
/// A rebuild replays the stored events through the same ApplyAsync.
/// </summary>
public abstract class Projection<T>(ReportingDbContext db, ReportCache cache) : IConsumer<T>, IProjection where T : class
{
    private static readonly PropertyInfo? LeadIdProperty = typeof(T).GetProperty("LeadId", typeof(Guid));

    protected ReportingDbContext Db => db;

    public async Task Consume(ConsumeContext<T> context)
    {
        var messageId = context.MessageId ?? throw new InvalidOperationException($"{typeof(T).Name} without a message id.");
        var ct = context.CancellationToken;
        var consumer = GetType().Name;
        var sentAt = context.SentTime ?? DateTime.UtcNow;
        await using (var transaction = await db.Database.BeginTransactionAsync(ct))
        {
            await ReadModelRebuild.EnterSharedAsync(db, ct);
            var leadId = (Guid?)LeadIdProperty?.GetValue(context.Message);
            if (leadId is { } id) await LeadLock.TakeAsync(db, id, ct);
            if (await db.AlreadyProcessedAsync(messageId, consumer, ct)) return;
            db.RecordEvent(messageId, sentAt, leadId, context.Message);
            await ApplyAsync(context.Message, new EventMeta(messageId, sentAt), ct);
            await db.SaveProjectionAsync(messageId, consumer, ct);
            await transaction.CommitAsync(ct);
        }
        await cache.InvalidateAsync();
    }

    public async Task ReplayAsync(object message, EventMeta meta, CancellationToken ct)
    {
        await ApplyAsync((T)message, meta, ct);
        await db.SaveProjectionAsync(meta.MessageId, consumer: null, ct);
    }

    /// <summary>Changes the tracked read models for one event; saving is the caller's.</summary>
    protected abstract Task ApplyAsync(T e, EventMeta meta, CancellationToken ct);
}
