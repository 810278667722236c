using System.Reflection;
using System.Runtime.ExceptionServices;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Npgsql;
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
    /// <summary>Set on an event parked in the error queue: its first send time, which the projection keeps using.</summary>
    private const string OriginalSentTimeHeader = "Smarketing-Original-Sent-Time";

    private static readonly PropertyInfo? LeadIdProperty = typeof(T).GetProperty("LeadId", typeof(Guid));

    /// <summary>Waits before the attempts after the first: lock timeouts, deadlocks and unique-key races pass by then.</summary>
    private static readonly TimeSpan[] Backoff = [TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(400), TimeSpan.FromMilliseconds(1500)];

    protected ReportingDbContext Db => db;

    public async Task Consume(ConsumeContext<Batch<T>> context)
    {
        var ct = context.CancellationToken;
        var events = context.Message.ToList();
        var failure = await AttemptAsync(events, ct);
        if (failure is not null)
        {
            if (IsTransient(failure)) ExceptionDispatchInfo.Throw(failure); // the broker redelivers; MassTransit's retry and error queue take over
            // Something in the batch will never apply: the others must not wait for it, nor share its error queue.
            foreach (var one in events)
            {
                var error = events.Count == 1 ? failure : await AttemptAsync([one], ct);
                if (error is null) continue;
                if (IsTransient(error)) ExceptionDispatchInfo.Throw(error);
                await ParkAsync(one, error, ct);
            }
        }
        await cache.InvalidateAsync();
    }

    public async Task ReplayAsync(object message, EventMeta meta, CancellationToken ct)
    {
        await ApplyAsync((T)message, meta, ct);
        await db.SaveProjectionAsync([meta.MessageId], consumer: null, ct);
    }

    /// <summary>Changes the tracked read models for one event; saving is the caller's.</summary>
    protected abstract Task ApplyAsync(T e, EventMeta meta, CancellationToken ct);

    /// <summary>Projects the events, retrying with back-off; the last failure, or null once they are applied.</summary>
    private async Task<Exception?> AttemptAsync(IReadOnlyList<ConsumeContext<T>> events, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await ProjectAsync(events, ct);
                return null;
            }
            catch (Exception ex) when (!ct.IsCancellationRequested)
            {
                db.ChangeTracker.Clear();
                if (attempt == Backoff.Length) return ex;
                await Task.Delay(Backoff[attempt], ct);
            }
        }
    }

    private async Task ProjectAsync(IReadOnlyList<ConsumeContext<T>> events, CancellationToken ct)
    {
        var consumer = GetType().Name;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await ReadModelRebuild.EnterSharedAsync(db, ct);
        await LeadLock.TakeAllAsync(db, events.Select(e => LeadIdOf(e.Message)).OfType<Guid>(), ct);
        var ids = events.Select(MessageIdOf).ToList();
        var handled = await db.AlreadyProcessedAsync(ids, consumer, ct);
        var applied = new List<Guid>();
        foreach (var e in events)
        {
            // Handled before, or twice in this batch (an outbox re-send keeps the message id).
            var messageId = MessageIdOf(e);
            if (!handled.Add(messageId)) continue;
            var sentAt = SentAtOf(e);
            db.RecordEvent(messageId, sentAt, LeadIdOf(e.Message), e.Message);
            await ApplyAsync(e.Message, new EventMeta(messageId, sentAt), ct);
            applied.Add(messageId);
        }
        if (applied.Count == 0) return;
        await db.SaveProjectionAsync(applied, consumer, ct);
        await transaction.CommitAsync(ct);
    }

    /// <summary>
    /// Sends one event that cannot be projected to this queue's error queue, as MassTransit would have: the same message
    /// id, the fault headers the dashboard shows, and its first send time so it projects as it would have once moved back.
    /// </summary>
    private async Task ParkAsync(ConsumeContext<T> e, Exception error, CancellationToken ct)
    {
        var queue = e.ReceiveContext.InputAddress.AbsolutePath.TrimEnd('/').Split('/')[^1];
        var endpoint = await e.GetSendEndpoint(new Uri($"queue:{queue}_error"));
        await endpoint.Send(e.Message, send =>
        {
            send.MessageId = e.MessageId;
            send.CorrelationId = e.CorrelationId;
            send.Headers.Set(OriginalSentTimeHeader, SentAtOf(e).ToString("O"));
            send.Headers.Set("MT-Reason", "fault");
            // The cause, not its wrapper ("An error occurred while saving the entity changes…" names no reason).
            send.Headers.Set("MT-Fault-ExceptionType", error.GetBaseException().GetType().FullName);
            send.Headers.Set("MT-Fault-Message", error.GetBaseException().Message);
            send.Headers.Set("MT-Fault-MessageType", typeof(T).FullName);
            send.Headers.Set("MT-Fault-ConsumerType", GetType().FullName);
            send.Headers.Set("MT-Fault-Timestamp", DateTime.UtcNow.ToString("O"));
            send.Headers.Set("MT-Fault-StackTrace", error.StackTrace);
            send.Headers.Set("MT-Fault-RetryCount", Backoff.Length);
            send.Headers.Set("MT-Host-MachineName", Environment.MachineName);
        }, ct);
        LogContext.Warning?.Log(error, "{Consumer} could not project message {MessageId}; parked in {ErrorQueue}", GetType().Name, e.MessageId, $"{queue}_error");
    }

    /// <summary>A failure that may pass on its own (the database away, a deadlock, a timeout).</summary>
    private static bool IsTransient(Exception error)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            if (e is NpgsqlException { IsTransient: true } or TimeoutException) return true;
        }
        return false;
    }

    private static Guid MessageIdOf(ConsumeContext<T> e) =>
        e.MessageId ?? throw new InvalidOperationException($"{typeof(T).Name} without a message id.");

    private static DateTime SentAtOf(ConsumeContext<T> e) =>
        e.Headers.TryGetHeader(OriginalSentTimeHeader, out var value) && value is string text && DateTime.TryParse(text, null,
            System.Globalization.DateTimeStyles.RoundtripKind, out var original)
            ? original
            : e.SentTime ?? DateTime.UtcNow;

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
