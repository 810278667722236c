using System.Diagnostics;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using Smarketing.Pipeline.Bench.Reporting;

namespace Smarketing.Pipeline.Bench.RawLimits;

/// <summary>
/// The broker's own limit on this machine: persistent 1 KB messages into a durable scratch queue with publisher
/// confirms, from <see cref="Channels"/> channels with <see cref="InFlightPerChannel"/> unconfirmed publishes each, while
/// one consumer (prefetch 500, acks in groups) takes them off again. Then the same with one publish at a time awaiting
/// its confirm, which is how the services' outbox relay publishes.
/// </summary>
internal static class RabbitMqRaw
{
    public const int Channels = 4;
    public const int InFlightPerChannel = 32;
    public const int MessageBytes = 1024;

    public static async Task<RabbitMqLimit> MeasureAsync(string connectionString, TimeSpan duration, TimeSpan serialDuration, CancellationToken ct)
    {
        var factory = new ConnectionFactory { Uri = new Uri(connectionString) };
        await using var connection = await factory.CreateConnectionAsync("pipeline-bench-raw", ct);
        var queue = "pipeline-bench-raw-" + Guid.NewGuid().ToString("N")[..8];
        await using (var setup = await connection.CreateChannelAsync(cancellationToken: ct))
            await setup.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false, cancellationToken: ct);
        try
        {
            var body = new byte[MessageBytes];
            Random.Shared.NextBytes(body);

            await RunAsync(connection, queue, body, TimeSpan.FromSeconds(1), Channels, InFlightPerChannel, ct); // warm-up
            var (published, consumed, seconds, _) = await RunAsync(connection, queue, body, duration, Channels, InFlightPerChannel, ct);
            var (serial, _, serialSeconds, confirms) = await RunAsync(connection, queue, body, serialDuration, 1, 1, ct);
            return new RabbitMqLimit(Channels, InFlightPerChannel, MessageBytes, Math.Round(seconds, 2),
                Math.Round(published / seconds), Math.Round(consumed / seconds), Math.Round(serial / serialSeconds), LatencyStats.From(confirms));
        }
        finally
        {
            await using var cleanup = await connection.CreateChannelAsync(cancellationToken: CancellationToken.None);
            await cleanup.QueueDeleteAsync(queue, ifUnused: false, ifEmpty: false, cancellationToken: CancellationToken.None);
        }
    }

    private static async Task<(long Published, long Consumed, double Seconds, List<double> ConfirmMs)> RunAsync(
        IConnection connection, string queue, byte[] body, TimeSpan duration, int channels, int inFlight, CancellationToken ct)
    {
        long consumed = 0;
        ulong lastTag = 0;
        await using var consumerChannel = await connection.CreateChannelAsync(cancellationToken: ct);
        await consumerChannel.BasicQosAsync(0, 500, false, ct);
        var consumer = new AsyncEventingBasicConsumer(consumerChannel);
        consumer.ReceivedAsync += async (_, delivery) =>
        {
            // Ack every 100th delivery with multiple: true, as a batching consumer would.
            lastTag = delivery.DeliveryTag;
            if (Interlocked.Increment(ref consumed) % 100 == 0)
                await consumerChannel.BasicAckAsync(delivery.DeliveryTag, multiple: true);
        };
        var tag = await consumerChannel.BasicConsumeAsync(queue, autoAck: false, consumer, ct);

        var options = new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true,
            outstandingPublisherConfirmationsRateLimiter: new ThrottlingRateLimiter(inFlight * 2));
        var publishChannels = new List<IChannel>();
        for (var i = 0; i < channels; i++) publishChannels.Add(await connection.CreateChannelAsync(options, ct));
        var properties = new BasicProperties { DeliveryMode = DeliveryModes.Persistent, ContentType = "application/octet-stream" };

        long published = 0;
        var confirmMs = new List<double>();
        var clock = Stopwatch.StartNew();
        var consumedAtStart = Interlocked.Read(ref consumed);
        var publishers = publishChannels.SelectMany(channel => Enumerable.Range(0, inFlight).Select(async _ =>
        {
            var mine = new List<double>();
            while (clock.Elapsed < duration && !ct.IsCancellationRequested)
            {
                var started = Stopwatch.GetTimestamp();
                await channel.BasicPublishAsync("", queue, mandatory: false, properties, body, ct);
                if (inFlight == 1) mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                Interlocked.Increment(ref published);
            }
            lock (confirmMs) confirmMs.AddRange(mine);
        })).ToList();
        await Task.WhenAll(publishers);
        var seconds = clock.Elapsed.TotalSeconds;
        var consumedInWindow = Interlocked.Read(ref consumed) - consumedAtStart;

        await consumerChannel.BasicCancelAsync(tag, cancellationToken: ct);
        if (lastTag > 0) await consumerChannel.BasicAckAsync(lastTag, multiple: true, ct);
        foreach (var channel in publishChannels) await channel.DisposeAsync();
        await consumerChannel.QueuePurgeAsync(queue, ct);
        return (published, consumedInWindow, seconds, confirmMs);
    }
}
