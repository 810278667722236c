using System.Text.Json.Nodes;
using Npgsql;

namespace Smarketing.EndToEnd.Tests;

/// <summary>
/// Scoring, assignment and follow-up take the messages waiting on a queue as one batch. A burst must still be handled
/// once per message (a re-sent message too), and one message that can never be stored must not take the rest with it.
/// </summary>
[Collection(SmarketingCollection.Name)]
[Trait("Category", "EndToEnd")]
public sealed class PipelineBatchTests(SmarketingFixture fixture)
{
    private const string ErrorQueue = "scoring-lead-received_error";
    private const int Count = 20;
    private const int Poison = 7;
    private const int Repeated = 3;

    private const string CountScores = """SELECT count(*) FROM lead_scores WHERE "LeadId" = ANY(@ids)""";
    private const string CountScoredEvents = """
        SELECT count(*) FROM outbox_messages
        WHERE "MessageType" = 'Smarketing.Contracts.LeadScored' AND "Body"->>'leadId' = ANY(@ids)
        """;
    private const string CountProcessed = """
        SELECT count(*) FROM processed_messages WHERE "Consumer" = 'LeadReceivedConsumer' AND "MessageId" = ANY(@ids)
        """;

    [Fact]
    public async Task A_burst_is_scored_once_per_lead_a_resent_message_once_and_an_unstorable_lead_goes_alone_to_the_error_queue()
    {
        var prefix = $"batch-score-{Leads.UniqueSuffix()}";
        var leadIds = Enumerable.Range(0, Count).Select(_ => Guid.NewGuid()).ToList();
        var now = DateTime.UtcNow.ToString("O");
        // A bare contact (no phone, no interest) scores as nurture, so these leads stop at scoring and touch no rep's load.
        JsonObject Received(int i) => new()
        {
            ["leadId"] = leadIds[i].ToString(), ["eventId"] = $"{prefix}-{i}", ["source"] = "website",
            // Longer than the 200 characters scoring stores: PostgreSQL refuses it however often it is retried.
            ["campaign"] = i == Poison ? $"{prefix}-{new string('x', 300)}" : $"{prefix}-{i}",
            ["occurredAt"] = now, ["receivedAt"] = now,
            ["contact"] = new JsonObject { ["name"] = $"Batch Lead {i}", ["email"] = $"{prefix}-{i}@example.co.id" },
            ["merged"] = false, ["touches"] = 1,
        };
        var messages = Enumerable.Range(0, Count).Select(i => (MessageId: Guid.NewGuid(), Message: Received(i))).ToList();
        var poisonMessage = messages[Poison].MessageId;
        // The outbox sends a message again when its confirm was lost: same message id, in the same burst.
        messages.Insert(Count / 2, messages[Repeated]);
        await using var broker = await RawBroker.ConnectAsync(fixture);

        await broker.PublishEventsAsync("LeadReceived", messages);

        var (_, headers) = await broker.TakeAsync(ErrorQueue, leadIds[Poison].ToString(), TimeSpan.FromSeconds(60));
        var described = string.Join("; ", headers.Select(h => $"{h.Key}={h.Value}"));
        Assert.Contains("too long", headers.GetValueOrDefault("MT-Fault-Message") ?? described);
        Assert.Equal("Smarketing.Contracts.LeadReceived", headers.GetValueOrDefault("MT-Fault-MessageType"));
        Assert.Contains("LeadReceivedConsumer", headers.GetValueOrDefault("MT-Fault-ConsumerType") ?? described);

        // Every other lead is scored, and announced, exactly once; the repeated message counted once in the inbox.
        var good = leadIds.Where((_, i) => i != Poison).ToArray();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (await fixture.CountAsync("scoringdb", CountScores, ("ids", good)) < good.Length && DateTime.UtcNow < deadline)
        {
            await Task.Delay(300);
        }
        Assert.Equal((long)good.Length, await fixture.CountAsync("scoringdb", CountScores, ("ids", good)));
        Assert.Equal((long)good.Length, await fixture.CountAsync("scoringdb", CountScoredEvents, ("ids", leadIds.Select(id => id.ToString()).ToArray())));
        var handledIds = messages.Select(m => m.MessageId).Distinct().Where(id => id != poisonMessage).ToArray();
        Assert.Equal((long)good.Length, await fixture.CountAsync("scoringdb", CountProcessed, ("ids", handledIds)));
        Assert.Equal(0L, await fixture.CountAsync("scoringdb", CountScores, ("ids", new[] { leadIds[Poison] })));
        await Assert.ThrowsAsync<TimeoutException>(() => broker.TakeAsync(ErrorQueue, prefix, TimeSpan.FromSeconds(2)));
    }
    [Fact]
    public async Task A_batch_that_keeps_hitting_deadlocks_scores_each_lead_once_and_parks_none()
    {
        var prefix = $"batch-deadlock-{Leads.UniqueSuffix()}";
        var trigger = prefix.Replace('-', '_');
        // Scoring's first five inserts for these leads fail as a deadlock would (SQLSTATE 40P01). A sequence counts them,
        // as it is not rolled back with the failed attempts: four attempts with the batch's own back-off, then
        // MassTransit's redelivery, whose batch fails once more and then passes.
        await ExecuteAsync("scoringdb", $"""
            CREATE SEQUENCE {trigger}_attempts;
            CREATE FUNCTION {trigger}() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              IF NEW."Campaign" LIKE '{prefix}%' AND nextval('{trigger}_attempts') <= 5 THEN
                RAISE EXCEPTION 'simulated deadlock' USING ERRCODE = '40P01';
              END IF;
              RETURN NEW;
            END $$;
            CREATE TRIGGER {trigger} BEFORE INSERT ON lead_scores FOR EACH ROW EXECUTE FUNCTION {trigger}();
            """);
        try
        {
            var leadIds = Enumerable.Range(0, 10).Select(_ => Guid.NewGuid()).ToArray();
            var now = DateTime.UtcNow.ToString("O");
            await using var broker = await RawBroker.ConnectAsync(fixture);

            await broker.PublishEventsAsync("LeadReceived", leadIds.Select((id, i) => new JsonObject
            {
                ["leadId"] = id.ToString(), ["eventId"] = $"{prefix}-{i}", ["source"] = "website", ["campaign"] = $"{prefix}-{i}",
                ["occurredAt"] = now, ["receivedAt"] = now,
                ["contact"] = new JsonObject { ["name"] = $"Deadlock Lead {i}", ["email"] = $"{prefix}-{i}@example.co.id" },
                ["merged"] = false, ["touches"] = 1,
            }));

            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (await fixture.CountAsync("scoringdb", CountScores, ("ids", leadIds)) < leadIds.Length && DateTime.UtcNow < deadline)
            {
                await Task.Delay(300);
            }
            Assert.Equal((long)leadIds.Length, await fixture.CountAsync("scoringdb", CountScores, ("ids", leadIds)));
            Assert.Equal((long)leadIds.Length,
                await fixture.CountAsync("scoringdb", CountScoredEvents, ("ids", leadIds.Select(id => id.ToString()).ToArray())));
            // The deadlocks did happen (five failed inserts, then the ones that passed), and none of them parked a lead.
            Assert.True(await fixture.CountAsync("scoringdb", $"SELECT last_value FROM {trigger}_attempts") > 5);
            await Assert.ThrowsAsync<TimeoutException>(() => broker.TakeAsync(ErrorQueue, prefix, TimeSpan.FromSeconds(2)));
        }
        finally
        {
            await ExecuteAsync("scoringdb", $"DROP TRIGGER IF EXISTS {trigger} ON lead_scores; DROP FUNCTION IF EXISTS {trigger}(); DROP SEQUENCE IF EXISTS {trigger}_attempts;");
        }
    }

    private async Task ExecuteAsync(string database, string sql)
    {
        await using var connection = new NpgsqlConnection(fixture.App.GetConnectionString(database));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
