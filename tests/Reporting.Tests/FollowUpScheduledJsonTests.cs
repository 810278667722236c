using System.Text.Json;
using Smarketing.Contracts;
using Smarketing.Reporting.Data;

namespace Smarketing.Reporting.Tests;

/// <summary>
/// FollowUpScheduled became one event per cadence; a one-step event of before (still on a queue, or in the event log
/// a rebuild replays) must still be read, as a plan of that one step.
/// </summary>
public class FollowUpScheduledJsonTests
{
    private static readonly JsonSerializerOptions Json = ReportingDbContext.EventJson;

    [Fact]
    public void A_plan_survives_a_round_trip_with_every_step_in_order()
    {
        var plan = new FollowUpScheduled(Guid.NewGuid(), Guid.NewGuid(),
        [
            new ScheduledStep(Guid.NewGuid(), 1, "whatsapp", new DateTime(2026, 12, 2, 3, 5, 0, DateTimeKind.Utc), "Say hello", FirstTouch: true),
            new ScheduledStep(Guid.NewGuid(), 2, "call", new DateTime(2026, 12, 3, 2, 0, 0, DateTimeKind.Utc), "Call back", FirstTouch: false),
        ]);

        var body = JsonSerializer.Serialize(plan, Json);
        var read = JsonSerializer.Deserialize<FollowUpScheduled>(body, Json)!;

        var root = JsonDocument.Parse(body).RootElement;
        Assert.Equal(["leadId", "repId", "steps"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal((plan.LeadId, plan.RepId), (read.LeadId, read.RepId));
        Assert.Equal(plan.Steps, read.Steps);
    }

    [Fact]
    public void A_one_step_event_of_before_plans_reads_as_a_plan_of_that_step()
    {
        var (taskId, leadId, repId) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        var body = $$"""
            {"taskId":"{{taskId}}","leadId":"{{leadId}}","repId":"{{repId}}","step":3,"channel":"email",
             "dueAt":"2026-12-05T02:00:00Z","instructions":"Send the rate card","firstTouch":false}
            """;

        var read = JsonSerializer.Deserialize<FollowUpScheduled>(body, Json)!;

        Assert.Equal((leadId, repId), (read.LeadId, read.RepId));
        var step = Assert.Single(read.Steps);
        Assert.Equal(new ScheduledStep(taskId, 3, "email", new DateTime(2026, 12, 5, 2, 0, 0, DateTimeKind.Utc), "Send the rate card", false), step);
    }

    [Fact]
    public void A_body_with_neither_shape_is_refused()
    {
        var body = $$"""{"leadId":"{{Guid.NewGuid()}}","repId":"{{Guid.NewGuid()}}"}""";

        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<FollowUpScheduled>(body, Json));
    }
}
