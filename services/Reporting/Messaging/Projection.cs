using System.Reflection;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Smarketing.Reporting.Data;
using Smarketing.Reporting.Reports;
using Smarketing.ServiceDefaults.Messaging;

namespace Smarketing.Reporting.Messaging;

/// <summary>What a projection knows of the event besides its body.</summary>
public sealed record EventMeta(Guid MessageId, DateTime SentAt);

/// <summary>A projection the rebuild can drive without a broker.</summary>
public interface IProjection
{
    Task ReplayAsync(object message, EventMeta meta, CancellationToken ct);
}

/// <summary>
/// A read-model projection, fed in batches: the events waiting on its queue (up to <see cref="ProjectionDefinition{T}"/>'s
/// limit) are handled once each (inbox), stored in the event log and applied in one transaction, under a shared lock that
/// a rebuild takes exclusively and the locks of their leads; then the cached reports are invalidated. One transaction per
/// batch instead of per event is what keeps the read side up with the pipeline (a lead brings ten events here).
/// A batch that keeps failing for a reason that will not pass is applied event by event, and only the events that fail
/// on their own go to the queue's error queue, with MassTransit's fault headers. A rebuild replays the stored events
/// through the same ApplyAsync.
/// </summary>
public abstract class Projection<T>(ReportingDbContext db, ReportCache cache) : IConsumer<Batch<T>>, IProjection where T : class
{
    private static readonly PropertyInfo? LeadIdProperty = typeof(T).GetProperty("LeadId", typeof(Guid));

    protected ReportingDbContext Db => db;

    public async Task Consume(ConsumeContext<Batch<T>> context)
    {
        await BatchConsumption.RunAsync(context, this, db, ProjectAsync);
        await cache.InvalidateAsync();
    }

    public async Task ReplayAsync(object message, EventMeta meta, CancellationToken ct)
    {
        await ApplyAsync((T)message, meta, ct);
        await db.SaveProjectionAsync([meta.MessageId], consumer: null, ct);
    }

    /// <summary>Changes the tracked read models for one event; saving is the caller's.</summary>
    protected abstract Task ApplyAsync(T e, EventMeta meta, CancellationToken ct);

    /// <summary>
    /// Reads ahead, in a query or two, what the batch's events will look up one by one (their steps, touches, reps), so
    /// that <see cref="ApplyAsync"/> finds it without asking the database. A rebuild calls ApplyAsync alone, which still
    /// reads what it needs.
    /// </summary>
    protected virtual Task PrepareAsync(IReadOnlyList<T> events, CancellationToken ct) => Task.CompletedTask;

    private async Task ProjectAsync(IReadOnlyList<ConsumeContext<T>> events, CancellationToken ct)
    {
        var consumer = GetType().Name;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await ReadModelRebuild.EnterSharedAsync(db, ct);
        var leadIds = events.Select(e => LeadIdOf(e.Message)).OfType<Guid>().Distinct().ToList();
        await LeadLock.TakeAllAsync(db, leadIds, ct);
        var fresh = await BatchConsumption.UnhandledAsync(db, events, consumer, ct);
        if (fresh.Count == 0) return;
        try
        {
            // Under their locks: nobody else changes these leads until the commit.
            await db.LoadLeadsAsync(leadIds, ct);
            await PrepareAsync(fresh.Select(e => e.Message).ToList(), ct);
            foreach (var e in fresh)
            {
                var messageId = BatchConsumption.MessageIdOf(e);
                var sentAt = BatchConsumption.SentAtOf(e);
                db.RecordEvent(messageId, sentAt, LeadIdOf(e.Message), e.Message);
                await ApplyAsync(e.Message, new EventMeta(messageId, sentAt), ct);
            }
            await db.SaveProjectionAsync(fresh.Select(BatchConsumption.MessageIdOf).ToList(), consumer, ct);
            await transaction.CommitAsync(ct);
        }
        finally
        {
            db.ForgetReadAhead();
        }
    }

    private static Guid? LeadIdOf(T message) => (Guid?)LeadIdProperty?.GetValue(message);
}

/// <summary>
/// Feeds a projection in batches: what waits on its queue, up to 50 events, collected for at most 20 ms after the first
/// one. Under load a batch fills at once; when idle an event waits at most those 20 ms.
/// </summary>
public sealed class ProjectionDefinition<TConsumer> : ConsumerDefinition<TConsumer> where TConsumer : class, IConsumer
{
    private const int MessageLimit = 50;
    private static readonly TimeSpan TimeLimit = TimeSpan.FromMilliseconds(20);

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<TConsumer> consumerConfigurator,
        IRegistrationContext context)
    {
        consumerConfigurator.Options<BatchOptions>(batch => batch.SetMessageLimit(MessageLimit).SetTimeLimit(TimeLimit).SetConcurrencyLimit(1));
    }
}
