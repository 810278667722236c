using Smarketing.Assignment.Domain;

namespace Smarketing.Assignment.Tests;

public class WeightedRoundRobinTests
{
    // Fixed ids so that ties break the same way every run (the algorithm orders the pool by id).
    private static readonly Guid Ani = new("00000000-0000-0000-0000-000000000001");
    private static readonly Guid Budi = new("00000000-0000-0000-0000-000000000002");
    private static readonly Guid Citra = new("00000000-0000-0000-0000-000000000003");

    private sealed record Rep(Guid Id, int Weight, int Capacity, int Load = 0);

    /// <summary>Runs <paramref name="picks"/> assignments as the service would: load grows by one per lead, weights are carried over.</summary>
    private static (List<Guid?> Picks, Dictionary<Guid, long> Weights, Dictionary<Guid, int> Loads) Run(
        IReadOnlyList<Rep> reps, int picks, IReadOnlyDictionary<Guid, long>? weights = null, IReadOnlyDictionary<Guid, int>? loads = null)
    {
        var current = reps.ToDictionary(r => r.Id, r => weights?.GetValueOrDefault(r.Id) ?? 0);
        var load = reps.ToDictionary(r => r.Id, r => loads?.GetValueOrDefault(r.Id) ?? r.Load);
        var result = new List<Guid?>();
        for (var i = 0; i < picks; i++)
        {
            var pick = WeightedRoundRobin.Pick(reps.Select(r => new RepSlot(r.Id, r.Weight, r.Capacity, load[r.Id], current[r.Id])).ToList());
            result.Add(pick.RepId);
            current = pick.CurrentWeights.ToDictionary(kv => kv.Key, kv => kv.Value);
            if (pick.RepId is { } id) load[id]++;
        }
        return (result, current, load);
    }

    private static readonly Rep[] TwoOneOne = [new(Ani, 2, 100), new(Budi, 1, 100), new(Citra, 1, 100)];

    [Fact]
    public void Weights_two_one_one_over_eight_leads_give_four_two_two()
    {
        var (picks, _, _) = Run(TwoOneOne, 8);

        Assert.Equal(4, picks.Count(p => p == Ani));
        Assert.Equal(2, picks.Count(p => p == Budi));
        Assert.Equal(2, picks.Count(p => p == Citra));
    }

    [Fact]
    public void Weights_two_one_one_interleave_in_the_smooth_order()
    {
        // By hand, current weights (Ani, Budi, Citra), total 4:
        // +w (2,1,1) → Ani, (-2,1,1); +w (0,2,2) → Budi (tie, lower id), (0,-2,2); +w (2,-1,3) → Citra, (2,-1,-1);
        // +w (4,0,0) → Ani, (0,0,0); and the cycle repeats.
        var (picks, _, _) = Run(TwoOneOne, 8);

        Assert.Equal(new Guid?[] { Ani, Budi, Citra, Ani, Ani, Budi, Citra, Ani }, picks);
        Assert.True(LongestRun(picks, Ani) <= 2);
    }

    [Fact]
    public void The_weights_return_to_zero_after_a_full_cycle()
    {
        var (_, weights, _) = Run(TwoOneOne, 4);

        Assert.All(weights.Values, w => Assert.Equal(0, w));
    }

    [Fact]
    public void A_rep_at_capacity_is_skipped_and_keeps_their_position()
    {
        var pool = new List<RepSlot>
        {
            new(Ani, 2, 3, 3, 5),
            new(Budi, 1, 10, 0, 0),
            new(Citra, 1, 10, 0, 1),
        };

        var pick = WeightedRoundRobin.Pick(pool);

        // Only Budi and Citra take part: (1, 2) → Citra, who gives back their total of 2.
        Assert.Equal(Citra, pick.RepId);
        Assert.Equal(5, pick.CurrentWeights[Ani]);
        Assert.Equal(1, pick.CurrentWeights[Budi]);
        Assert.Equal(0, pick.CurrentWeights[Citra]);
    }

    [Fact]
    public void A_rep_who_fills_up_stops_getting_leads_and_the_others_share_the_rest()
    {
        Rep[] reps = [new(Ani, 2, 2), new(Budi, 1, 10), new(Citra, 1, 10)];

        var (picks, _, loads) = Run(reps, 8);

        Assert.Equal(2, loads[Ani]);
        Assert.Equal(3, loads[Budi]);
        Assert.Equal(3, loads[Citra]);
        Assert.Equal(new Guid?[] { Ani, Budi, Citra, Ani, Budi, Citra, Budi, Citra }, picks);
    }

    [Fact]
    public void When_every_rep_is_full_nobody_is_picked_and_the_weights_are_unchanged()
    {
        var pool = new List<RepSlot>
        {
            new(Ani, 2, 3, 3, -2),
            new(Budi, 1, 5, 5, 1),
            new(Citra, 1, 0, 0, 1),
        };

        var pick = WeightedRoundRobin.Pick(pool);

        Assert.Null(pick.RepId);
        Assert.Equal(-2, pick.CurrentWeights[Ani]);
        Assert.Equal(1, pick.CurrentWeights[Budi]);
        Assert.Equal(1, pick.CurrentWeights[Citra]);
    }

    [Fact]
    public void An_empty_pool_picks_nobody() => Assert.Null(WeightedRoundRobin.Pick([]).RepId);

    [Fact]
    public void Filling_every_rep_ends_in_a_queue_not_an_overload()
    {
        Rep[] reps = [new(Ani, 2, 2), new(Budi, 1, 1), new(Citra, 1, 1)];

        var (picks, _, loads) = Run(reps, 6);

        Assert.Equal(4, picks.Count(p => p is not null));
        Assert.Equal([null, null], picks.Skip(4));
        Assert.All(reps, r => Assert.Equal(r.Capacity, loads[r.Id]));
    }

    [Fact]
    public void A_rep_with_capacity_zero_never_gets_a_lead()
    {
        Rep[] reps = [new(Ani, 5, 0), new(Budi, 1, 100)];

        var (picks, _, _) = Run(reps, 20);

        Assert.DoesNotContain(Ani, picks);
        Assert.All(picks, p => Assert.Equal(Budi, p));
    }

    [Fact]
    public void A_rep_with_weight_zero_never_gets_a_lead()
    {
        Rep[] reps = [new(Ani, 0, 100), new(Budi, 1, 100)];

        var (picks, _, _) = Run(reps, 10);

        Assert.All(picks, p => Assert.Equal(Budi, p));
    }

    [Fact]
    public void Carrying_the_weights_between_calls_gives_the_same_leads_as_one_long_run()
    {
        var (whole, _, _) = Run(TwoOneOne, 12);

        // As if the service stored the cursor after each batch and read it back later.
        var (first, weights, loads) = Run(TwoOneOne, 5);
        var (second, weights2, loads2) = Run(TwoOneOne, 4, weights, loads);
        var (third, _, _) = Run(TwoOneOne, 3, weights2, loads2);

        Assert.Equal(whole, first.Concat(second).Concat(third));
        Assert.Equal(6, whole.Count(p => p == Ani));
        Assert.Equal(3, whole.Count(p => p == Budi));
        Assert.Equal(3, whole.Count(p => p == Citra));
    }

    [Fact]
    public void Over_a_long_run_each_rep_gets_leads_in_proportion_to_weight()
    {
        Rep[] reps = [new(Ani, 5, 1000), new(Budi, 3, 1000), new(Citra, 2, 1000)];

        var (picks, _, _) = Run(reps, 100);

        Assert.Equal(50, picks.Count(p => p == Ani));
        Assert.Equal(30, picks.Count(p => p == Budi));
        Assert.Equal(20, picks.Count(p => p == Citra));
    }

    private static int LongestRun(IEnumerable<Guid?> picks, Guid rep)
    {
        int longest = 0, run = 0;
        foreach (var p in picks)
        {
            run = p == rep ? run + 1 : 0;
            longest = Math.Max(longest, run);
        }
        return longest;
    }
}
