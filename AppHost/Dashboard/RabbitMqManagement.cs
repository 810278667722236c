using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using RabbitMQ.Client;
using Smarketing.AppHost.Hosting.Resources;

namespace Smarketing.AppHost.Dashboard;

public sealed record QueueView(
    string Name, long Messages, long Ready, long Unacked, int Consumers,
    double PublishRate, double DeliverRate, double AckRate, bool IsErrorQueue, string? ErrorQueue);

public sealed record QueueList(bool Available, string? Error, IReadOnlyList<QueueView> Items);

public sealed record FailedMessageView(
    string? MessageId, string? MessageType, string? Reason, string? ExceptionType, string? FailedAt, string? Host, bool Redelivered, string Body);

public sealed record FailedMessageList(IReadOnlyList<FailedMessageView> Items);

public sealed record MoveResult(int Moved, string To);

/// <summary>
/// The broker as ops see it: queues with depth, consumers and rates from the management plugin's HTTP API, the
/// failed messages MassTransit parked in `_error` queues with its fault headers, and moving them back after a fix.
/// </summary>
public sealed class RabbitMqManagement(RabbitMQResource broker) : IDisposable
{
    public const string ErrorSuffix = "_error";
    private const int BodyPreview = 4096;
    private HttpClient? _client;

    // Made on first use: the broker's ports are only known once the app model is prepared.
    private HttpClient Http => _client ??= CreateClient(broker);

    public async Task<QueueList> QueuesAsync(CancellationToken ct)
    {
        try
        {
            var queues = await Http.GetFromJsonAsync<JsonArray>("api/queues/%2F?columns=name,messages,messages_ready,messages_unacknowledged,consumers,message_stats", ct) ?? [];
            var names = queues.Select(q => (string)q!["name"]!).ToHashSet();
            var items = queues.Select(q =>
            {
                var name = (string)q!["name"]!;
                var stats = q["message_stats"];
                return new QueueView(
                    name,
                    Long(q["messages"]), Long(q["messages_ready"]), Long(q["messages_unacknowledged"]), (int)Long(q["consumers"]),
                    Rate(stats, "publish_details"), Rate(stats, "deliver_get_details"), Rate(stats, "ack_details"),
                    name.EndsWith(ErrorSuffix, StringComparison.Ordinal),
                    names.Contains(name + ErrorSuffix) ? name + ErrorSuffix : null);
            }).OrderBy(q => q.Name, StringComparer.Ordinal).ToList();
            return new QueueList(true, null, items);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or JsonException)
        {
            return new QueueList(false, $"The management API of {broker.Name} did not answer: {ex.Message}", []);
        }
    }

    /// <summary>The first messages of an error queue, put back where they were (the management plugin's requeueing get).</summary>
    public async Task<FailedMessageList> PeekAsync(string queue, int limit, CancellationToken ct)
    {
        using var response = await Http.PostAsJsonAsync($"api/queues/%2F/{Uri.EscapeDataString(queue)}/get",
            new { count = limit, ackmode = "ack_requeue_true", encoding = "auto", truncate = BodyPreview }, ct);
        response.EnsureSuccessStatusCode();
        var messages = await response.Content.ReadFromJsonAsync<JsonArray>(ct) ?? [];
        return new FailedMessageList(messages.Select(m =>
        {
            var properties = m!["properties"];
            var headers = properties?["headers"];
            var body = (string?)m["payload"] ?? "";
            return new FailedMessageView(
                (string?)properties?["message_id"],
                MessageTypeOf(headers, body),
                Header(headers, "MT-Fault-Message"),
                Header(headers, "MT-Fault-ExceptionType"),
                Header(headers, "MT-Fault-Timestamp"),
                Header(headers, "MT-Host-MachineName"),
                (bool?)m["redelivered"] ?? false,
                body);
        }).ToList());
    }

    /// <summary>
    /// Moves every message now in <paramref name="errorQueue"/> back to the queue it failed on, without MassTransit's
    /// fault headers. Each is acknowledged only after the broker confirmed its copy, so none is lost; a crash between the
    /// two leaves a duplicate, which the idempotent consumers ignore.
    /// </summary>
    public async Task<MoveResult> MoveBackAsync(string errorQueue, CancellationToken ct)
    {
        var target = errorQueue[..^ErrorSuffix.Length];
        var factory = new ConnectionFactory { Uri = new Uri(broker.ConnectionString), ClientProvidedName = "smarketing-dashboard" };
        await using var connection = await factory.CreateConnectionAsync(ct);
        await using var channel = await connection.CreateChannelAsync(new CreateChannelOptions(
            publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), ct);
        await channel.QueueDeclarePassiveAsync(target, ct);
        // Only what is there now: a message that fails again comes back later and must not be moved in a loop.
        var waiting = (await channel.QueueDeclarePassiveAsync(errorQueue, ct)).MessageCount;
        var moved = 0;
        while (moved < waiting && await channel.BasicGetAsync(errorQueue, autoAck: false, ct) is { } message)
        {
            var properties = new BasicProperties(message.BasicProperties);
            if (properties.Headers is { } headers)
            {
                properties.Headers = headers.Where(h => !IsFaultHeader(h.Key)).ToDictionary(h => h.Key, h => h.Value);
            }
            await channel.BasicPublishAsync("", target, mandatory: true, properties, message.Body, ct);
            await channel.BasicAckAsync(message.DeliveryTag, multiple: false, ct);
            moved++;
        }
        return new MoveResult(moved, target);
    }

    public void Dispose() => _client?.Dispose();

    private static bool IsFaultHeader(string name) =>
        name.StartsWith("MT-Fault-", StringComparison.Ordinal) || name == "MT-Reason";

    private static string? MessageTypeOf(JsonNode? headers, string body)
    {
        if (Header(headers, "MT-Fault-MessageType") is { } type) return type;
        try
        {
            // A MassTransit envelope names its types ("urn:message:Smarketing.Contracts:LeadScored"); a bare JSON body names none.
            return JsonNode.Parse(body)?["messageType"]?[0]?.GetValue<string>()?.Replace("urn:message:", "");
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? Header(JsonNode? headers, string name) => headers?[name] switch
    {
        null => null,
        JsonValue value => value.ToString(),
        var other => other.ToJsonString(),
    };

    private static long Long(JsonNode? node) => node is null ? 0 : node.GetValue<long>();

    private static double Rate(JsonNode? stats, string details) =>
        Math.Round(stats?[details]?["rate"]?.GetValue<double>() ?? 0, 2);

    private static HttpClient CreateClient(RabbitMQResource broker)
    {
        var client = new HttpClient { BaseAddress = new Uri(broker.ManagementUrl + "/"), Timeout = TimeSpan.FromSeconds(10) };
        var credentials = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{RabbitMQResource.UserName}:{broker.Password}"));
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", credentials);
        return client;
    }
}
