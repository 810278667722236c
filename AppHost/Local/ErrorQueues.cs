using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RabbitMQ.Client;

namespace Smarketing.AppHost.Local;

/// <summary>A queue as the management plugin reports it.</summary>
public sealed record BrokerQueue(string Name, long Messages, int Consumers)
{
    public bool IsErrorQueue => Name.EndsWith(BrokerQueues.ErrorSuffix, StringComparison.Ordinal);
}

/// <summary>
/// The queues of one broker from its management API, and moving the messages MassTransit parked in `_error` queues back
/// to the queue they failed on once the cause is fixed.
/// </summary>
public sealed class BrokerQueues(string managementUrl, string amqpUrl, string password) : IDisposable
{
    public const string ErrorSuffix = "_error";
    private readonly HttpClient _http = CreateClient(managementUrl, password);

    public static async Task<BrokerQueues> ForAsync(RabbitMQServerResource broker, CancellationToken ct) =>
        new(broker.ManagementEndpoint.Url,
            await broker.ConnectionStringExpression.GetValueAsync(ct) ?? throw new InvalidOperationException("The broker has no connection string yet."),
            await broker.PasswordParameter.GetValueAsync(ct) ?? "");

    public async Task<IReadOnlyList<BrokerQueue>> ListAsync(CancellationToken ct)
    {
        var queues = await _http.GetFromJsonAsync<JsonArray>("api/queues/%2F?columns=name,messages,consumers", ct) ?? [];
        return queues.Select(q => new BrokerQueue((string)q!["name"]!, (long?)q["messages"] ?? 0, (int?)q["consumers"] ?? 0))
            .OrderBy(q => q.Name, StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// Moves every message now in each error queue back to the queue it failed on, without MassTransit's fault headers.
    /// Each is acknowledged only after the broker confirmed its copy, so none is lost; a crash between the two leaves a
    /// duplicate, which the idempotent consumers ignore. Returns how many moved, per queue.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, int>> MoveBackAsync(CancellationToken ct)
    {
        var errorQueues = (await ListAsync(ct)).Where(q => q.IsErrorQueue && q.Messages > 0).Select(q => q.Name).ToList();
        var moved = new Dictionary<string, int>();
        if (errorQueues.Count == 0) return moved;
        var factory = new ConnectionFactory { Uri = new Uri(amqpUrl), ClientProvidedName = "smarketing-apphost-move-back" };
        await using var connection = await factory.CreateConnectionAsync(ct);
        await using var channel = await connection.CreateChannelAsync(new CreateChannelOptions(
            publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), ct);
        foreach (var errorQueue in errorQueues)
        {
            var target = errorQueue[..^ErrorSuffix.Length];
            await channel.QueueDeclarePassiveAsync(target, ct);
            // Only what is there now: a message that fails again comes back later and must not be moved in a loop.
            var waiting = (await channel.QueueDeclarePassiveAsync(errorQueue, ct)).MessageCount;
            var count = 0;
            while (count < waiting && await channel.BasicGetAsync(errorQueue, autoAck: false, ct) is { } message)
            {
                var properties = new BasicProperties(message.BasicProperties);
                if (properties.Headers is { } headers)
                    properties.Headers = headers.Where(h => !IsFaultHeader(h.Key)).ToDictionary(h => h.Key, h => h.Value);
                // With confirmation tracking, the publish returns once the broker has confirmed the copy.
                await channel.BasicPublishAsync("", target, mandatory: true, properties, message.Body, ct);
                await channel.BasicAckAsync(message.DeliveryTag, multiple: false, ct);
                count++;
            }
            moved[target] = count;
        }
        return moved;
    }

    public void Dispose() => _http.Dispose();

    private static bool IsFaultHeader(string name) => name.StartsWith("MT-Fault-", StringComparison.Ordinal) || name == "MT-Reason";

    private static HttpClient CreateClient(string managementUrl, string password)
    {
        var client = new HttpClient { BaseAddress = new Uri(managementUrl.TrimEnd('/') + "/"), Timeout = TimeSpan.FromSeconds(10) };
        var credentials = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{RabbitMQServerResource.UserName}:{password}"));
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", credentials);
        return client;
    }
}

public static class ErrorQueueExtensions
{
    public const string MoveBackCommand = "move-error-messages";
    public const string ErrorMessagesProperty = "Error messages";
    public const string ErrorQueuesProperty = "Error queues";
    public const string ErrorQueuesUrl = "error-queues";

    /// <summary>
    /// The broker's resource shows how many messages wait in which error queue (two properties, kept current), and offers
    /// "Move error messages back"; the management UI (its management URL) is where the messages themselves are read.
    /// </summary>
    public static IResourceBuilder<RabbitMQServerResource> WithErrorQueues(this IResourceBuilder<RabbitMQServerResource> broker)
    {
        broker.ApplicationBuilder.Services.AddHostedService(sp => new ErrorQueueMonitor(
            broker.Resource, sp.GetRequiredService<ResourceNotificationService>(), sp.GetRequiredService<ILogger<ErrorQueueMonitor>>()));
        return broker.WithCommand(MoveBackCommand, "Move error messages back", async context =>
        {
            using var queues = await BrokerQueues.ForAsync(broker.Resource, context.CancellationToken);
            var moved = await queues.MoveBackAsync(context.CancellationToken);
            var total = moved.Values.Sum();
            context.Logger.LogInformation("Moved {Count} error messages back: {Queues}", total, string.Join(", ", moved.Select(m => $"{m.Value} to {m.Key}")));
            return CommandResults.Success(total == 0 ? "No messages wait in an error queue."
                : $"Moved {total} message(s) back: {string.Join(", ", moved.Select(m => $"{m.Value} to {m.Key}"))}.");
        }, new CommandOptions
        {
            Description = "Moves every message waiting in an _error queue back to the queue it failed on (each acknowledged only after the broker confirmed its copy).",
            IconName = "ArrowUndo",
            IsHighlighted = true,
            UpdateState = context => context.ResourceSnapshot.HealthStatus is Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy
                ? ResourceCommandState.Enabled : ResourceCommandState.Disabled,
        });
    }
}

/// <summary>Polls the broker's queues every few seconds and publishes the error-queue counts on its resource.</summary>
internal sealed class ErrorQueueMonitor(RabbitMQServerResource broker, ResourceNotificationService notifications, ILogger<ErrorQueueMonitor> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(3);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await notifications.WaitForResourceHealthyAsync(broker.Name, stoppingToken);
            using var queues = await BrokerQueues.ForAsync(broker, stoppingToken);
            string? last = null;
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    var errors = (await queues.ListAsync(stoppingToken)).Where(q => q.IsErrorQueue && q.Messages > 0).ToList();
                    var total = errors.Sum(q => q.Messages);
                    var summary = errors.Count == 0 ? "none" : string.Join(", ", errors.Select(q => $"{q.Name}: {q.Messages}"));
                    var shown = notifications.TryGetCurrentState(broker.Name, out var current)
                        && current.Snapshot.Urls.Any(u => u.Name == ErrorQueueExtensions.ErrorQueuesUrl);
                    if (summary != last || !shown)
                    {
                        if (summary != last && total > 0) logger.LogWarning("{Count} messages in {Queues} error queue(s): {Summary}", total, errors.Count, summary);
                        last = summary;
                        // On the resource's row, where ops look: the count, linking to the management UI's queue list.
                        var text = total == 0 ? "No error messages" : $"{total} message{(total == 1 ? "" : "s")} in {errors.Count} error queue{(errors.Count == 1 ? "" : "s")}";
                        var link = new UrlSnapshot(ErrorQueueExtensions.ErrorQueuesUrl, broker.ManagementEndpoint.Url.TrimEnd('/') + "/#/queues", IsInternal: false)
                        {
                            DisplayProperties = new UrlDisplayPropertiesSnapshot(text, SortOrder: 100),
                        };
                        await notifications.PublishUpdateAsync(broker, s => s with
                        {
                            Properties = [
                                .. s.Properties.Where(p => p.Name is not (ErrorQueueExtensions.ErrorMessagesProperty or ErrorQueueExtensions.ErrorQueuesProperty)),
                                new(ErrorQueueExtensions.ErrorMessagesProperty, total),
                                new(ErrorQueueExtensions.ErrorQueuesProperty, summary),
                            ],
                            Urls = [.. s.Urls.Where(u => u.Name != ErrorQueueExtensions.ErrorQueuesUrl), link],
                        });
                    }
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !stoppingToken.IsCancellationRequested)
                {
                    // The broker is restarting; the next poll reads it again.
                }
                await Task.Delay(Interval, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
