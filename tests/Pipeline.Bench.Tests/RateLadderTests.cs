using Smarketing.Pipeline.Bench.Pipeline;

namespace Pipeline.Bench.Tests;

public sealed class RateLadderTests
{
    private static readonly double[] Rungs = [50, 100, 200, 400, 800];

    /// <summary>Runs the ladder against a platform that holds every rate up to <paramref name="limit"/>.</summary>
    private static List<PlannedStep> Climb(RateLadder ladder, double limit)
    {
        var planned = new List<PlannedStep>();
        var done = new List<StepOutcome>();
        while (ladder.Next(done) is { } next)
        {
            planned.Add(next);
            done.Add(new StepOutcome(next.Rate, next.Rate <= limit));
            Assert.True(planned.Count < 20, "the ladder must end");
        }
        return planned;
    }

    [Fact]
    public void Climbs_until_the_first_miss_refines_once_then_runs_half_the_highest_held_rate()
    {
        var steps = Climb(new RateLadder(Rungs, refine: true), limit: 330);

        Assert.Equal([50, 100, 200, 400, 300, 150], steps.Select(s => s.Rate));
        Assert.Equal([RateLadder.Climb, RateLadder.Climb, RateLadder.Climb, RateLadder.Climb, RateLadder.Refine, RateLadder.Half], steps.Select(s => s.Purpose));
    }

    [Fact]
    public void Without_the_half_step_the_ladder_ends_at_the_first_miss_or_after_descending_to_a_held_rate()
    {
        var climbed = Climb(new RateLadder(Rungs, refine: false, half: false), limit: 330);
        Assert.Equal([50, 100, 200, 400], climbed.Select(s => s.Rate));

        var descended = Climb(new RateLadder(Rungs, refine: false, half: false), limit: 20);
        Assert.Equal([50, 25, 12.5], descended.Select(s => s.Rate));
        Assert.Equal([RateLadder.Climb, RateLadder.Descend, RateLadder.Descend], descended.Select(s => s.Purpose));
    }

    [Fact]
    public void A_missed_refinement_leaves_half_of_the_rung_below_which_ran_already()
    {
        var steps = Climb(new RateLadder(Rungs, refine: true), limit: 250);

        Assert.Equal([50, 100, 200, 400, 300], steps.Select(s => s.Rate));
    }

    [Fact]
    public void Without_refining_doubling_rungs_already_hold_the_half_rate()
    {
        var steps = Climb(new RateLadder(Rungs, refine: false), limit: 450);

        Assert.Equal([50, 100, 200, 400, 800], steps.Select(s => s.Rate));
    }

    [Fact]
    public void A_ladder_held_to_the_top_ends_without_refining()
    {
        var steps = Climb(new RateLadder(Rungs, refine: true), limit: 10_000);

        Assert.Equal(Rungs, steps.Select(s => s.Rate));
    }

    [Fact]
    public void Missing_the_lowest_rung_halves_the_rate_until_one_holds_then_runs_half_of_that()
    {
        var steps = Climb(new RateLadder(Rungs, refine: true), limit: 15);

        Assert.Equal([50, 25, 12.5, 6.3], steps.Select(s => s.Rate));
        Assert.Equal([RateLadder.Climb, RateLadder.Descend, RateLadder.Descend, RateLadder.Half], steps.Select(s => s.Purpose));
    }

    [Fact]
    public void A_platform_that_holds_nothing_ends_the_descent_at_one_lead_a_second()
    {
        var steps = Climb(new RateLadder(Rungs, refine: true), limit: 0.5);

        Assert.Equal([50, 25, 12.5, 6.3, 3.2, 1.6], steps.Select(s => s.Rate));
        Assert.Null(RateLadder.Highest([new StepOutcome(50, false)]));
    }

    [Fact]
    public void Half_of_an_uneven_highest_rate_is_run_when_no_rung_matches()
    {
        var steps = Climb(new RateLadder([100, 300, 900], refine: false), limit: 500);

        Assert.Equal([100, 300, 900, 150], steps.Select(s => s.Rate));
        Assert.Equal(RateLadder.Half, steps[^1].Purpose);
    }
}
