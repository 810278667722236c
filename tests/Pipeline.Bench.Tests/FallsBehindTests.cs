using Smarketing.Pipeline.Bench.Pipeline;

namespace Pipeline.Bench.Tests;

public sealed class FallsBehindTests
{
    // 400 leads/s for 10 s: 4,000 offered.
    private static readonly StepFigures Held = new(
        OfferedLeadsPerSecond: 400, SendSeconds: 10, RequestsPlanned: 4000, RequestsFailed: 0, SendMisses: 0,
        LeadsAccepted: 4000, AssignedInWindow: 3950, CaptureToAssignedP99Ms: 180);

    [Fact]
    public void A_step_that_kept_up_has_no_reason_to_be_behind() =>
        Assert.Empty(FallsBehind.Reasons(Held, FallsBehind.Default));

    [Fact]
    public void Assigning_under_90_percent_of_the_offered_leads_within_the_step_is_behind()
    {
        var reasons = FallsBehind.Reasons(Held with { AssignedInWindow = 3500 }, FallsBehind.Default);

        Assert.Contains(reasons, r => r.StartsWith("assigned 87.5%", StringComparison.Ordinal));
    }

    [Fact]
    public void A_p99_over_the_bound_is_behind_even_when_every_lead_got_an_owner()
    {
        var reasons = FallsBehind.Reasons(Held with { CaptureToAssignedP99Ms = 2500 }, FallsBehind.Default);

        Assert.Equal(["p99 capture → assigned 2,500 ms > 2,000 ms"], reasons);
    }

    [Fact]
    public void Requests_the_generator_could_not_send_or_that_failed_count_against_the_step()
    {
        var reasons = FallsBehind.Reasons(Held with { SendMisses = 200, RequestsFailed = 50, LeadsAccepted = 3750 }, FallsBehind.Default);

        Assert.Equal(3, reasons.Count);
        Assert.Contains(reasons, r => r.Contains("not sent on time", StringComparison.Ordinal));
        Assert.Contains(reasons, r => r.Contains("requests failed", StringComparison.Ordinal));
        Assert.Contains(reasons, r => r.StartsWith("accepted 93.8%", StringComparison.Ordinal));
    }

    [Fact]
    public void No_assigned_lead_at_all_says_so()
    {
        var reasons = FallsBehind.Reasons(Held with { AssignedInWindow = 0, CaptureToAssignedP99Ms = double.NaN }, FallsBehind.Default);

        Assert.Contains("no lead was assigned", reasons);
    }
}
