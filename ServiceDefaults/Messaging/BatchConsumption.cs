using System.Runtime.ExceptionServices;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Npgsql;
using Smarketing.ServiceDefaults.Data;

namespace Smarketing.ServiceDefaults.Messaging;

/// <summary>
/// Handles the messages waiting on a queue as one unit of work (one inbox query, one transaction, one commit for them all),
/// and keeps the guarantees of one message at a time when that unit fails:
/// <list type="bullet">
/// <item>A failure that may pass (the database away, a deadlock, a timeout) is tried again with back-off, then rethrown
/// to MassTransit, whose retry and error queue take over; the messages already handled are skipped by the inbox when the
/// batch comes back.</item>
/// <item>A batch that keeps failing for a reason that will not pass is handled message by message, so the others do not
/// wait for the bad one, and only a message that fails on its own goes to the queue's error queue, with MassTransit's
/// fault headers and the real cause.</item>
/// </list>
/// </summary>
public static class BatchConsumption
{
    /// <summary>Set on a message parked in the error queue: its first send time, which its consumer keeps using once it is moved back.</summary>
    public const string OriginalSentTimeHeader = "Smarketing-Original-Sent-Time";

    /// <summary>Waits before the attempts after the first: lock timeouts, deadlocks and unique-key races pass by then.</summary>
    private static readonly TimeSpan[] Backoff = [TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(400), TimeSpan.FromMilliseconds(1500)];

    /// <summary>
    /// Runs <paramref name="handle"/> on the whole batch, and on a lasting failure on each message alone; a message that
    /// fails alone is parked. <paramref name="db"/>'s tracked changes are dropped before every new attempt.
    /// </summary>
    public static async Task RunAsync<T>(ConsumeContext<Batch<T>> context, object consumer, DbContext db,
        Func<IReadOnlyList<ConsumeContext<T>>, CancellationToken, Task> handle) where T : class
    {
        var ct = context.CancellationToken;
        var messages = context.Message.ToList();
        var failure = await AttemptAsync(messages, db, handle, ct);
        if (failure is null) return;
        if (IsTransient(failure)) ExceptionDispatchInfo.Throw(failure);
        foreach (var one in messages)
        {
            var error = messages.Count == 1 ? failure : await AttemptAsync([one], db, handle, ct);
            if (error is null) continue;
            if (IsTransient(error)) ExceptionDispatchInfo.Throw(error);
            await ParkAsync(one, error, consumer.GetType(), ct);
        }
    }

    /// <summary>The message id the inbox keys on; an outbox re-send keeps it.</summary>
    public static Guid MessageIdOf<T>(ConsumeContext<T> message) where T : class =>
        message.MessageId ?? throw new InvalidOperationException($"{typeof(T).Name} without a message id.");

    /// <summary>When the message was first sent, also once it has been parked and moved back.</summary>
    public static DateTime SentAtOf<T>(ConsumeContext<T> message) where T : class =>
        message.Headers.TryGetHeader(OriginalSentTimeHeader, out var value) && value is string text && DateTime.TryParse(text, null,
            System.Globalization.DateTimeStyles.RoundtripKind, out var original)
            ? original
            : message.SentTime ?? DateTime.UtcNow;

    /// <summary>
    /// The messages of a batch <paramref name="consumer"/>'s inbox has not seen, each once (an outbox re-send can put a
    /// message twice in one batch), in the order they came: one query for the batch.
    /// </summary>
    public static async Task<IReadOnlyList<ConsumeContext<T>>> UnhandledAsync<T>(ServiceDbContext db, IReadOnlyList<ConsumeContext<T>> messages,
        string consumer, CancellationToken ct) where T : class
    {
        var handled = await db.AlreadyProcessedAsync(messages.Select(MessageIdOf).ToList(), consumer, ct);
        return messages.Where(m => handled.Add(MessageIdOf(m))).ToList();
    }

    /// <summary>A failure that may pass on its own (the database or Redis away, a deadlock, a timeout): redelivered, never parked.</summary>
    public static bool IsTransient(Exception error) => Resilience.TransientFailures.IsTransient(error);

    /// <summary>Runs the batch, retrying with back-off; the last failure, or null once it is handled.</summary>
    private static async Task<Exception?> AttemptAsync<T>(IReadOnlyList<ConsumeContext<T>> messages, DbContext db,
        Func<IReadOnlyList<ConsumeContext<T>>, CancellationToken, Task> handle, CancellationToken ct) where T : class
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await handle(messages, ct);
                return null;
            }
            catch (Exception ex) when (!ct.IsCancellationRequested)
            {
                db.ChangeTracker.Clear();
                // Invalid input stays invalid: no point waiting for it.
                if (attempt == Backoff.Length || ex is MessageRejectedException) return ex;
                await Task.Delay(Backoff[attempt], ct);
            }
        }
    }

    /// <summary>
    /// Sends one message that cannot be handled to this queue's error queue, as MassTransit would have: the same message
    /// id, the fault headers the dashboard shows, and its first send time.
    /// </summary>
    private static async Task ParkAsync<T>(ConsumeContext<T> message, Exception error, Type consumer, CancellationToken ct) where T : class
    {
        var queue = message.ReceiveContext.InputAddress.AbsolutePath.TrimEnd('/').Split('/')[^1];
        var endpoint = await message.GetSendEndpoint(new Uri($"queue:{queue}_error"));
        await endpoint.Send(message.Message, send =>
        {
            send.MessageId = message.MessageId;
            send.CorrelationId = message.CorrelationId;
            send.Headers.Set(OriginalSentTimeHeader, SentAtOf(message).ToString("O"));
            send.Headers.Set("MT-Reason", "fault");
            // The cause, not its wrapper ("An error occurred while saving the entity changes…" names no reason).
            send.Headers.Set("MT-Fault-ExceptionType", error.GetBaseException().GetType().FullName);
            send.Headers.Set("MT-Fault-Message", error.GetBaseException().Message);
            send.Headers.Set("MT-Fault-MessageType", typeof(T).FullName);
            send.Headers.Set("MT-Fault-ConsumerType", consumer.FullName);
            send.Headers.Set("MT-Fault-Timestamp", DateTime.UtcNow.ToString("O"));
            send.Headers.Set("MT-Fault-StackTrace", error.StackTrace);
            send.Headers.Set("MT-Fault-RetryCount", Backoff.Length);
            send.Headers.Set("MT-Host-MachineName", Environment.MachineName);
        }, ct);
        LogContext.Warning?.Log(error, "{Consumer} could not handle message {MessageId}; parked in {ErrorQueue}", consumer.Name, message.MessageId, $"{queue}_error");
    }
}

/// <summary>
/// Feeds a consumer on a lead's way to its owner in batches: what waits on its queue, up to 32 messages. A batch closes
/// 2 ms after its first message, so an idle pipeline adds at most that per hop; under load the queue's backlog fills a
/// batch at once. The endpoint prefetches two batches, so the next one collects while one is handled.
/// </summary>
public sealed class BatchDefinition<TConsumer> : ConsumerDefinition<TConsumer> where TConsumer : class, IConsumer
{
    private const int MessageLimit = 32;
    private static readonly TimeSpan TimeLimit = TimeSpan.FromMilliseconds(2);

    public BatchDefinition() => Endpoint(e => e.PrefetchCount = 2 * MessageLimit);

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<TConsumer> consumerConfigurator,
        IRegistrationContext context)
    {
        consumerConfigurator.Options<BatchOptions>(batch => batch.SetMessageLimit(MessageLimit).SetTimeLimit(TimeLimit).SetConcurrencyLimit(1));
    }
}
