using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using RabbitMQ.Client;

namespace Smarketing.EndToEnd.Tests;

/// <summary>Capture bodies as JSON objects, so a test can break one field of an otherwise valid lead.</summary>
internal static class CaptureBodies
{
    /// <summary>A bare price question from a free-mail address: scored nurture, so it uses no rep capacity.</summary>
    public static JsonObject Nurture(string eventId, string campaign) => new()
    {
        ["eventId"] = eventId,
        ["source"] = "landing-page",
        ["campaign"] = campaign,
        ["contact"] = new JsonObject { ["email"] = $"{eventId}@gmail.com" },
        ["interest"] = new JsonObject { ["message"] = "harga?" },
    };

    /// <summary>The hot lead of API.md (scored A, assigned, given a cadence) for the given contact.</summary>
    public static JsonObject Hot(string eventId, string campaign, string email, string name = "Budi Santoso") => new()
    {
        ["eventId"] = eventId,
        ["source"] = "website-form",
        ["campaign"] = campaign,
        ["occurredAt"] = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(7)),
        ["contact"] = new JsonObject
        {
            ["name"] = name,
            ["email"] = email,
            ["phone"] = Leads.UniquePhone(),
            ["company"] = "Toko ABC",
            ["jobTitle"] = "Owner",
            ["city"] = "Jakarta",
        },
        ["interest"] = new JsonObject
        {
            ["product"] = "billboard",
            ["message"] = "Butuh billboard 4x8 di Sudirman bulan depan",
            ["budget"] = 50_000_000,
            ["currency"] = "IDR",
            ["timeline"] = "this-month",
            ["locations"] = new JsonArray("Jl. Sudirman"),
        },
        ["consent"] = true,
    };
}

/// <summary>Calls and polls the capture tests share; everything over HTTP goes through fixture.Gateway.</summary>
internal static class CaptureCalls
{
    public static async Task<JsonArray> PostBatchAsync(this SmarketingFixture fixture, string batchJson)
    {
        using var content = new StringContent(batchJson, Encoding.UTF8, "application/json");
        using var response = await fixture.Gateway.PostAsync("/api/leads/batch", content);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"batch answered {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!["results"]!.AsArray();
    }

    public static Task<HttpResponseMessage> PostTrafficAsync(this SmarketingFixture fixture, object report) =>
        fixture.Gateway.PostAsJsonAsync("/api/traffic", report);

    public static Task<JsonNode> FunnelRowAsync(this SmarketingFixture fixture, string campaign, Func<JsonNode, bool> until) =>
        PollAsync($"the funnel row of {campaign}", TimeSpan.FromSeconds(90), async () =>
        {
            var report = JsonNode.Parse(await fixture.Gateway.GetStringAsync("/api/reports/funnel?groupBy=campaign"))!;
            return report["rows"]!.AsArray().FirstOrDefault(r => r!["key"]!.GetValue<string>() == campaign);
        }, until);

    public static Task<long> CountAsync(this SmarketingFixture fixture, string database, string sql, params (string, object)[] parameters) =>
        fixture.QueryAsync<long>(database, sql, parameters);

    /// <summary>Reads until <paramref name="until"/> holds (the read side is eventually consistent), or fails with the last value.</summary>
    public static async Task<T> PollAsync<T>(string what, TimeSpan timeout, Func<Task<T?>> read, Func<T, bool> until) where T : class
    {
        var deadline = DateTime.UtcNow + timeout;
        T? last = null;
        while (DateTime.UtcNow < deadline)
        {
            last = await read();
            if (last is not null && until(last)) return last;
            await Task.Delay(300);
        }
        throw new TimeoutException($"{what} did not reach the expected state within {timeout}; last: {last?.ToString() ?? "(none)"}");
    }
}

/// <summary>A plain AMQP client, as a marketing tool that does not use MassTransit would be.</summary>
internal sealed class RawBroker(IConnection connection) : IAsyncDisposable
{
    public const string CaptureLeadExchange = "Smarketing.Contracts:CaptureLead";
    public const string CaptureLeadErrorQueue = "ingestion-capture-lead_error";

    public static async Task<RawBroker> ConnectAsync(SmarketingFixture fixture) =>
        new(await new ConnectionFactory { Uri = new Uri(fixture.App.GetConnectionString("messaging")) }.CreateConnectionAsync());

    public async Task PublishAsync(string exchange, string body, string contentType)
    {
        await using var channel = await connection.CreateChannelAsync();
        var properties = new BasicProperties
        {
            ContentType = contentType,
            DeliveryMode = DeliveryModes.Persistent,
            MessageId = Guid.NewGuid().ToString(),
        };
        await channel.BasicPublishAsync(exchange, "", mandatory: false, properties, Encoding.UTF8.GetBytes(body));
    }

    /// <summary>
    /// Publishes events as another Smarketing service would (MassTransit envelopes of a Contracts type), back to back on
    /// one channel, so a consumer fed in batches gets them together.
    /// </summary>
    public Task PublishEventsAsync(string messageType, IEnumerable<JsonObject> messages) =>
        PublishEventsAsync(messageType, messages.Select(m => (Guid.NewGuid(), m)));

    /// <summary>As above, with the message ids given: the same id twice is an outbox re-sending a message.</summary>
    public async Task PublishEventsAsync(string messageType, IEnumerable<(Guid MessageId, JsonObject Message)> messages)
    {
        await using var channel = await connection.CreateChannelAsync();
        foreach (var (messageId, message) in messages)
        {
            var envelope = new JsonObject
            {
                ["messageId"] = messageId.ToString(),
                ["messageType"] = new JsonArray($"urn:message:Smarketing.Contracts:{messageType}"),
                ["sentTime"] = DateTime.UtcNow.ToString("O"),
                ["message"] = message.DeepClone(),
            };
            var properties = new BasicProperties
            {
                ContentType = "application/vnd.masstransit+json",
                DeliveryMode = DeliveryModes.Persistent,
                MessageId = messageId.ToString(),
            };
            await channel.BasicPublishAsync($"Smarketing.Contracts:{messageType}", "", mandatory: false, properties,
                Encoding.UTF8.GetBytes(envelope.ToJsonString()));
        }
    }

    /// <summary>
    /// Takes the first message of <paramref name="queue"/> whose body contains <paramref name="marker"/>, with its headers as
    /// text; others are left in place (unacknowledged, so they return to the queue when the channel closes).
    /// </summary>
    public async Task<(string Body, IReadOnlyDictionary<string, string> Headers)> TakeAsync(string queue, string marker, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            var found = await TryTakeAsync(queue, marker);
            if (found is not null) return found.Value;
            await Task.Delay(500);
        }
        throw new TimeoutException($"No message containing {marker} reached {queue} within {timeout}.");
    }

    private async Task<(string, IReadOnlyDictionary<string, string>)?> TryTakeAsync(string queue, string marker)
    {
        // A fresh channel per attempt: RabbitMQ closes a channel that asks for a queue not declared yet.
        await using var channel = await connection.CreateChannelAsync();
        try
        {
            while (await channel.BasicGetAsync(queue, autoAck: false) is { } message)
            {
                var body = Encoding.UTF8.GetString(message.Body.Span);
                if (!body.Contains(marker, StringComparison.Ordinal)) continue;
                await channel.BasicAckAsync(message.DeliveryTag, multiple: false);
                var headers = (message.BasicProperties.Headers ?? new Dictionary<string, object?>())
                    .ToDictionary(h => h.Key, h => h.Value is byte[] bytes ? Encoding.UTF8.GetString(bytes) : $"{h.Value}");
                return (body, headers);
            }
        }
        catch (RabbitMQ.Client.Exceptions.OperationInterruptedException)
        {
            // The error queue does not exist until MassTransit moves the first message there.
        }
        return null;
    }

    public async ValueTask DisposeAsync()
    {
        await connection.CloseAsync();
        connection.Dispose();
    }
}
