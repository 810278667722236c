using System.Text.Json.Nodes;

namespace Smarketing.EndToEnd.Tests;

/// <summary>
/// Reporting projects the events waiting on a queue in one transaction. One event that can never be stored must not take
/// the others of its batch down with it, nor drag them into the error queue.
/// </summary>
[Collection(SmarketingCollection.Name)]
[Trait("Category", "EndToEnd")]
public sealed class ReadSideBatchTests(SmarketingFixture fixture)
{
    private const string ErrorQueue = "reporting-traffic-recorded_error";
    private const string CountTraffic = """SELECT count(*) FROM traffic_days WHERE "Campaign" LIKE @prefix""";
    private const string CountProcessed = """
        SELECT count(*) FROM processed_messages p JOIN event_log e ON e."MessageId" = p."MessageId"
        WHERE p."Consumer" = 'TrafficRecordedConsumer' AND e."Body"->>'campaign' LIKE @prefix
        """;

    [Fact]
    public async Task A_poison_event_among_good_ones_goes_alone_to_the_error_queue_with_its_reason_and_the_others_are_projected_once()
    {
        var prefix = $"batch-poison-{Leads.UniqueSuffix()}";
        var today = DateOnly.FromDateTime(DateTime.UtcNow).ToString("yyyy-MM-dd");
        JsonObject Report(int i, decimal spend) => new()
        {
            ["campaign"] = $"{prefix}-{i}", ["source"] = "google_ads", ["date"] = today,
            ["visits"] = 100 + i, ["clicks"] = 10 + i, ["spend"] = spend, ["currency"] = "IDR",
        };
        // Spend beyond numeric(18,2): PostgreSQL refuses it every time, however often it is retried.
        var poison = 12;
        var reports = Enumerable.Range(0, 25).Select(i => Report(i, i == poison ? 1e20m : 150_000m + i)).ToList();
        await using var broker = await RawBroker.ConnectAsync(fixture);

        await broker.PublishEventsAsync("TrafficRecorded", reports);

        var (_, headers) = await broker.TakeAsync(ErrorQueue, $"{prefix}-{poison}\"", TimeSpan.FromSeconds(60));
        var described = string.Join("; ", headers.Select(h => $"{h.Key}={h.Value}"));
        Assert.Contains("numeric", headers.GetValueOrDefault("MT-Fault-Message") ?? described);
        Assert.Equal("Smarketing.Contracts.TrafficRecorded", headers.GetValueOrDefault("MT-Fault-MessageType"));
        Assert.Contains("TrafficRecordedConsumer", headers.GetValueOrDefault("MT-Fault-ConsumerType") ?? described);

        // The other 24 reach the read side (those after the poison one a moment later), each once, and none of them was
        // parked with it.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (await fixture.CountAsync("reportingdb", CountTraffic, ("prefix", $"{prefix}-%")) < 24 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(300);
        }
        Assert.Equal(24L, await fixture.CountAsync("reportingdb", CountTraffic, ("prefix", $"{prefix}-%")));
        Assert.Equal(24L, await fixture.CountAsync("reportingdb", CountProcessed, ("prefix", $"{prefix}-%")));
        await Assert.ThrowsAsync<TimeoutException>(() => broker.TakeAsync(ErrorQueue, prefix, TimeSpan.FromSeconds(2)));
    }
}
