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

    [Fact]
    public async Task A_cadence_is_one_event_a_step_done_before_its_plan_arrived_stays_done_and_a_one_step_event_of_before_still_reads()
    {
        var (leadId, repId) = (Guid.NewGuid(), Guid.NewGuid());
        var tasks = Enumerable.Range(0, 4).Select(_ => Guid.NewGuid()).ToArray();
        var due = DateTime.UtcNow.AddHours(1);
        await using var broker = await RawBroker.ConnectAsync(fixture);

        // Events reach the read side in any order: the rep's call completed step 2 before reporting heard of the plan.
        await broker.PublishEventsAsync("ActivityLogged",
        [
            new JsonObject
            {
                ["activityId"] = Guid.NewGuid().ToString(), ["leadId"] = leadId.ToString(), ["repId"] = repId.ToString(),
                ["type"] = "call", ["outcome"] = "connected", ["notes"] = null, ["at"] = DateTime.UtcNow.ToString("O"),
                ["completedTaskId"] = tasks[1].ToString(),
            },
        ]);
        await WaitForCountAsync("""SELECT count(*) FROM activity_views WHERE "LeadId" = @lead""", leadId, 1);

        // Then, together: the plan of three steps as one event, and a one-step event as an older follow-up service sent it.
        JsonObject Step(int i) => new()
        {
            ["taskId"] = tasks[i].ToString(), ["step"] = i + 1, ["channel"] = i == 0 ? "whatsapp" : "call",
            ["dueAt"] = due.AddDays(i).ToString("O"), ["instructions"] = $"step {i + 1}", ["firstTouch"] = i == 0,
        };
        var plan = new JsonObject
        {
            ["leadId"] = leadId.ToString(), ["repId"] = repId.ToString(), ["steps"] = new JsonArray(Step(0), Step(1), Step(2)),
        };
        var legacy = Step(3);
        legacy["leadId"] = leadId.ToString();
        legacy["repId"] = repId.ToString();
        await broker.PublishEventsAsync("FollowUpScheduled", [plan, legacy]);

        await WaitForCountAsync("""SELECT count(*) FROM followup_views WHERE "LeadId" = @lead""", leadId, 4);
        var steps = await fixture.QueryAsync<string>("reportingdb", """
            SELECT string_agg(concat_ws(':', "Step", "Channel", "Status", "FirstTouch", "RepId" = @rep), ' ' ORDER BY "Step")
            FROM followup_views WHERE "LeadId" = @lead
            """, ("lead", leadId), ("rep", repId));
        Assert.Equal("1:whatsapp:pending:t:t 2:call:done:f:t 3:call:pending:f:t 4:call:pending:f:t", steps);
        Assert.Equal(3L, await fixture.CountAsync("reportingdb", """SELECT "PendingSteps" FROM lead_views WHERE "LeadId" = @lead""", ("lead", leadId)));
        // One timeline line per event, not per step.
        Assert.Equal(2L, await fixture.CountAsync("reportingdb",
            """SELECT count(*) FROM timeline_entries WHERE "LeadId" = @lead AND "Type" = 'followup-scheduled'""", ("lead", leadId)));
        await Assert.ThrowsAsync<TimeoutException>(() => broker.TakeAsync("reporting-follow-up-scheduled_error", leadId.ToString(), TimeSpan.FromSeconds(1)));
    }

    private async Task WaitForCountAsync(string sql, Guid leadId, long expected)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (await fixture.CountAsync("reportingdb", sql, ("lead", leadId)) < expected && DateTime.UtcNow < deadline) await Task.Delay(200);
        Assert.Equal(expected, await fixture.CountAsync("reportingdb", sql, ("lead", leadId)));
    }
}
