using System.Net;
using System.Text.Json.Nodes;
using Npgsql;
using Smarketing.AppHost.Testing;

namespace Smarketing.EndToEnd.Tests.Dashboard;

/// <summary>The broker through the dashboard: queues, a message that keeps failing parked in its error queue, and moving it back after the fix.</summary>
[Collection(SmarketingCollection.Name)]
[Trait("Category", "EndToEnd")]
public sealed class DashboardMessagingTests(SmarketingFixture fixture)
{
    private const string Queue = "ingestion-capture-lead";
    private const string ErrorQueue = Queue + "_error";

    [Fact]
    public async Task Queues_are_listed_with_depth_consumers_and_their_error_queues()
    {
        using var dashboard = await DashboardClient.SignInAsync(fixture);

        var queues = await dashboard.GetJsonAsync("/api/messaging/queues");

        Assert.True((bool)queues["available"]!, queues.ToJsonString());
        var scoring = queues["items"]!.AsArray().Single(q => (string)q!["name"]! == "scoring-lead-received")!;
        Assert.Equal(2, (int)scoring["consumers"]!); // two scoring replicas compete on it
        Assert.False((bool)scoring["isErrorQueue"]!);
    }

    [Fact]
    public async Task A_poison_message_shows_in_its_error_queue_with_the_reason_and_is_consumed_once_moved_back_after_the_fix()
    {
        var eventId = $"poison-{Leads.UniqueSuffix()}";
        var email = $"{eventId}@poison.example";
        // The "bug": ingestion's database refuses this contact, so every delivery fails until it is fixed.
        var trigger = $"poison_{eventId.Replace('-', '_')}";
        await ExecuteAsync($"""
            CREATE FUNCTION {trigger}() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              IF NEW."Email" = '{email}' THEN RAISE EXCEPTION 'simulated bug: cannot store %', NEW."Email"; END IF;
              RETURN NEW;
            END $$;
            CREATE TRIGGER {trigger} BEFORE INSERT ON leads FOR EACH ROW EXECUTE FUNCTION {trigger}();
            """);
        using var dashboard = await DashboardClient.SignInAsync(fixture);
        try
        {
            await using (var broker = await RawBroker.ConnectAsync(fixture))
            {
                await broker.PublishAsync(RawBroker.CaptureLeadExchange, CaptureBodies.Hot(eventId, "poison", email).ToJsonString(), "application/json");
            }

            // Retried with back-off, then parked: the dashboard shows it with MassTransit's reason.
            var failed = await CaptureCalls.PollAsync("the poison message in the error queue", TimeSpan.FromSeconds(90),
                async () => (await dashboard.FindJsonAsync($"/api/messaging/queues/{ErrorQueue}/messages?limit=200"))?["items"]!.AsArray()
                    .FirstOrDefault(m => ((string)m!["body"]!).Contains(eventId)),
                _ => true);
            Assert.Contains("simulated bug", (string)failed["reason"]!);
            Assert.Contains("PostgresException", (string)failed["exceptionType"]!);
            // The management plugin refreshes its queue statistics every few seconds.
            await CaptureCalls.PollAsync("the error queue's depth", TimeSpan.FromSeconds(20),
                async () => (await dashboard.GetJsonAsync("/api/messaging/queues"))["items"]!.AsArray().Single(q => (string)q!["name"]! == ErrorQueue),
                q => (long)q["messages"]! >= 1);
            Assert.Equal(0L, await CountLeadsAsync(email));
        }
        finally
        {
            await ExecuteAsync($"DROP TRIGGER IF EXISTS {trigger} ON leads; DROP FUNCTION IF EXISTS {trigger}();");
        }

        var (status, moved) = await dashboard.PostAsync($"/api/messaging/queues/{ErrorQueue}/move");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True((int)moved!["moved"]! >= 1, moved.ToJsonString());
        Assert.Equal(Queue, (string)moved["to"]!);
        await CaptureCalls.PollAsync("the moved-back lead in ingestion", TimeSpan.FromSeconds(30),
            async () => await CountLeadsAsync(email) is var n && n > 0 ? (object)n : null, _ => true);
        var left = (await dashboard.GetJsonAsync($"/api/messaging/queues/{ErrorQueue}/messages?limit=200"))["items"]!.AsArray();
        Assert.DoesNotContain(left, m => ((string)m!["body"]!).Contains(eventId));
    }

    [Fact]
    public async Task Only_error_queues_can_be_read_or_moved_back()
    {
        using var dashboard = await DashboardClient.SignInAsync(fixture);

        var (status, problem) = await dashboard.PostAsync($"/api/messaging/queues/{Queue}/move");
        var read = await dashboard.GetAsync($"/api/messaging/queues/{Queue}/messages");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("_error", (string)problem!["detail"]!);
        // Reading a live queue would take its messages from the consumers for a moment: refused before touching it.
        Assert.Equal(HttpStatusCode.BadRequest, read.Status);
        Assert.Contains("_error", (string)read.Body!["detail"]!);
        Assert.Equal("application/problem+json", read.MediaType);
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(fixture.App.GetConnectionString("ingestiondb"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private Task<long> CountLeadsAsync(string email) =>
        fixture.CountAsync("ingestiondb", """SELECT count(*) FROM leads WHERE "Email" = @email""", ("email", email));
}
