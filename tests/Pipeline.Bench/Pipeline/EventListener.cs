using System.Text.Json;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Smarketing.Pipeline.Bench.Pipeline;

/// <summary>
/// Hears the pipeline's events as one more subscriber: a private auto-delete queue bound to the exchanges MassTransit
/// publishes each event type to ("Smarketing.Contracts:&lt;Type&gt;", fanout). From each envelope it keeps the event's own
/// timestamp (receivedAt, scoredAt, assignedAt), the envelope's sentTime (when the outbox relay published it) and when
/// it arrived here.
/// </summary>
internal sealed class EventListener : IAsyncDisposable
{
    public static readonly string[] Events = ["LeadReceived", "LeadScored", "LeadAssigned", "FollowUpScheduled"];
    private readonly IConnection _connection;
    private readonly IChannel _channel;
    private readonly LeadLedger _ledger;
    private long _messages;

    private EventListener(IConnection connection, IChannel channel, LeadLedger ledger) =>
        (_connection, _channel, _ledger) = (connection, channel, ledger);

    public long Messages => Interlocked.Read(ref _messages);
    public string Queue { get; private set; } = "";

    public static async Task<EventListener> StartAsync(string connectionString, LeadLedger ledger, CancellationToken ct)
    {
        var factory = new ConnectionFactory { Uri = new Uri(connectionString) };
        var connection = await factory.CreateConnectionAsync("pipeline-bench-listener", ct);
        var channel = await connection.CreateChannelAsync(cancellationToken: ct);
        var listener = new EventListener(connection, channel, ledger);
        var queue = await channel.QueueDeclareAsync("pipeline-bench-events-" + Guid.NewGuid().ToString("N")[..8],
            durable: false, exclusive: true, autoDelete: true, cancellationToken: ct);
        listener.Queue = queue.QueueName;
        foreach (var type in Events)
        {
            // As MassTransit declares them, so declaring one that exists already is a no-op.
            var exchange = $"Smarketing.Contracts:{type}";
            await channel.ExchangeDeclareAsync(exchange, ExchangeType.Fanout, durable: true, autoDelete: false, cancellationToken: ct);
            await channel.QueueBindAsync(queue.QueueName, exchange, "", cancellationToken: ct);
        }
        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += (_, delivery) =>
        {
            listener.Handle(delivery.Exchange, delivery.Body, DateTime.UtcNow);
            return Task.CompletedTask;
        };
        await channel.BasicConsumeAsync(queue.QueueName, autoAck: true, consumer, ct);
        return listener;
    }

    private void Handle(string exchange, ReadOnlyMemory<byte> body, DateTime arrival)
    {
        Interlocked.Increment(ref _messages);
        using var envelope = JsonDocument.Parse(body);
        var root = envelope.RootElement;
        if (!root.TryGetProperty("message", out var message) || !message.TryGetProperty("leadId", out var id)) return;
        var sent = root.TryGetProperty("sentTime", out var s) && s.ValueKind == JsonValueKind.String ? s.GetDateTimeOffset().UtcDateTime : arrival;
        var trace = _ledger[id.GetGuid()];
        switch (exchange[(exchange.IndexOf(':') + 1)..])
        {
            case "LeadReceived":
                if (trace.ReceivedAt != default) break;
                trace.ReceivedSent = sent;
                trace.ReceivedAt = Time(message, "receivedAt");
                break;
            case "LeadScored":
                if (trace.ScoredAt != default) break;
                trace.ScoredSent = sent;
                trace.Qualification = message.GetProperty("qualification").GetString();
                trace.ScoredAt = Time(message, "scoredAt");
                break;
            case "LeadAssigned":
                // The first owner; a reassignment names a previous rep.
                if (trace.AssignedAt != default || message.TryGetProperty("previousRepId", out var previous) && previous.ValueKind != JsonValueKind.Null) break;
                trace.AssignedSent = sent;
                trace.AssignedArrival = arrival;
                trace.AssignedAt = Time(message, "assignedAt");
                _ledger.CountAssigned();
                break;
            case "FollowUpScheduled":
                // A cadence is one FollowUpScheduled; a later one (a new cycle) does not move the first.
                if (trace.FollowUpSent == default) _ledger.CountFollowedUp();
                if (trace.FollowUpSent == default || sent < trace.FollowUpSent) trace.FollowUpSent = sent;
                if (trace.FollowUpArrival == default || arrival < trace.FollowUpArrival) trace.FollowUpArrival = arrival;
                break;
        }
    }

    private static DateTime Time(JsonElement message, string name) => message.GetProperty(name).GetDateTimeOffset().UtcDateTime;

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _channel.CloseAsync();
            await _connection.CloseAsync();
        }
        catch (Exception)
        {
            // The broker may already be gone when the bench is interrupted.
        }
        _channel.Dispose();
        _connection.Dispose();
    }
}
