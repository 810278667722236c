using Smarketing.AppHost.Dashboard.Telemetry;

namespace Smarketing.AppHost.Dashboard;

/// <summary>
/// Queue lag as a metric: every few seconds, each queue's depth from the management API goes into the telemetry
/// store as gauges of the broker resource, so the metrics view charts it beside the services' own counters.
/// </summary>
internal sealed class QueueMetricsSampler(RabbitMqManagement broker, TelemetryStore telemetry, string resource)
{
    public const string Depth = "rabbitmq.queue.messages";
    public const string Ready = "rabbitmq.queue.messages_ready";
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    public async Task RunAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(Interval);
        do
        {
            var queues = await broker.QueuesAsync(ct);
            if (!queues.Available) continue;
            var now = DateTime.UtcNow;
            foreach (var queue in queues.Items)
            {
                var attributes = new Dictionary<string, string> { ["queue"] = queue.Name };
                telemetry.RecordGauge(resource, resource, Depth, "{message}", "Messages in the queue, ready or unacknowledged", now, queue.Messages, attributes);
                telemetry.RecordGauge(resource, resource, Ready, "{message}", "Messages waiting for a consumer (queue lag)", now, queue.Ready, attributes);
            }
        }
        while (await timer.WaitForNextTickAsync(ct));
    }
}
