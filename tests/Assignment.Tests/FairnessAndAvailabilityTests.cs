using Smarketing.Assignment.Domain;

namespace Smarketing.Assignment.Tests;

public class FairnessAndAvailabilityTests
{
    private sealed record Rep(Guid Id, int Weight, int Capacity);

    [Fact]
    public void Over_ten_thousand_assignments_with_closures_each_share_is_within_two_points_of_its_weight_share()
    {
        var random = new Random(20261123);
        Rep[] reps = [new(Guid.NewGuid(), 5, 40), new(Guid.NewGuid(), 3, 30), new(Guid.NewGuid(), 2, 25), new(Guid.NewGuid(), 1, 10)];
        var weights = reps.ToDictionary(r => r.Id, _ => 0L);
        var open = reps.ToDictionary(r => r.Id, _ => new Queue<int>());
        var given = reps.ToDictionary(r => r.Id, _ => 0);
        var queued = 0;

        for (var lead = 0; lead < 10_000; lead++)
        {
            // Reps close leads all the time; who closes is random, so loads differ from the weights at any moment.
            foreach (var rep in reps)
                while (open[rep.Id].Count > 0 && random.NextDouble() < 0.6) open[rep.Id].Dequeue();

            var pick = WeightedRoundRobin.Pick(reps.Select(r => new RepSlot(r.Id, r.Weight, r.Capacity, open[r.Id].Count, weights[r.Id])).ToList());
            weights = pick.CurrentWeights.ToDictionary(w => w.Key, w => w.Value);
            if (pick.RepId is not { } id) { queued++; continue; }
            open[id].Enqueue(lead);
            given[id]++;
            var rep2 = reps.Single(r => r.Id == id);
            Assert.True(open[id].Count <= rep2.Capacity, $"rep with capacity {rep2.Capacity} holds {open[id].Count}");
        }

        var total = given.Values.Sum();
        var totalWeight = reps.Sum(r => r.Weight);
        foreach (var rep in reps)
        {
            var share = (double)given[rep.Id] / total;
            var expected = (double)rep.Weight / totalWeight;
            Assert.True(Math.Abs(share - expected) <= 0.02, $"weight {rep.Weight}: share {share:P2}, expected {expected:P2}");
        }
        Assert.True(total + queued == 10_000);
    }

    [Fact]
    public void Capacity_is_never_exceeded_however_many_leads_arrive()
    {
        Rep[] reps = [new(Guid.NewGuid(), 3, 7), new(Guid.NewGuid(), 2, 4), new(Guid.NewGuid(), 1, 2)];
        var weights = reps.ToDictionary(r => r.Id, _ => 0L);
        var load = reps.ToDictionary(r => r.Id, _ => 0);
        var queued = 0;

        for (var i = 0; i < 10_000; i++)
        {
            var pick = WeightedRoundRobin.Pick(reps.Select(r => new RepSlot(r.Id, r.Weight, r.Capacity, load[r.Id], weights[r.Id])).ToList());
            weights = pick.CurrentWeights.ToDictionary(w => w.Key, w => w.Value);
            if (pick.RepId is { } id) load[id]++;
            else queued++;
        }

        Assert.All(reps, r => Assert.Equal(r.Capacity, load[r.Id]));
        Assert.Equal(10_000 - 13, queued);
    }

    private static readonly IReadOnlyCollection<DayOfWeek> Weekdays =
        [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday];

    // Monday 23 November 2026, 10:00 WIB = 03:00 UTC.
    private static readonly DateTime MondayTenWib = new(2026, 11, 23, 3, 0, 0, DateTimeKind.Utc);

    private static RepSchedule Jakarta(params DateOnly[] daysOff) => new(new TimeOnly(8, 0), new TimeOnly(17, 0), "Asia/Jakarta", Weekdays, daysOff);

    [Fact]
    public void A_rep_is_on_shift_in_their_own_time_zone()
    {
        var jayapura = new RepSchedule(new TimeOnly(8, 0), new TimeOnly(17, 0), "Asia/Jayapura", Weekdays, []);
        var fourPmWib = MondayTenWib.AddHours(6); // 16:00 WIB = 18:00 WIT

        Assert.True(Jakarta().IsOnShift(fourPmWib));
        Assert.False(jayapura.IsOnShift(fourPmWib));
        Assert.False(Jakarta().IsOnShift(new DateTime(2026, 11, 28, 3, 0, 0, DateTimeKind.Utc))); // Saturday
    }

    [Fact]
    public void On_shift_reps_with_room_come_first_then_anyone_not_on_leave()
    {
        var onShift = ("on", Jakarta());
        var offShift = ("off", new RepSchedule(new TimeOnly(13, 0), new TimeOnly(21, 0), "Asia/Jakarta", Weekdays, []));
        var onLeave = ("leave", Jakarta(new DateOnly(2026, 11, 23)));
        var all = new[] { onShift, offShift, onLeave };

        Assert.Equal(["on"], Availability.Eligible(all, m => m.Item2, _ => true, MondayTenWib).Select(m => m.Item1));
        // The on-shift rep is full: the off-shift one takes it rather than the lead waiting; leave is never broken.
        Assert.Equal(["on", "off"], Availability.Eligible(all, m => m.Item2, m => m.Item1 != "on", MondayTenWib).Select(m => m.Item1));
        // At 22:00 nobody is on shift: everyone not on leave may get it.
        Assert.Equal(["on", "off"], Availability.Eligible(all, m => m.Item2, _ => true, MondayTenWib.AddHours(12)).Select(m => m.Item1));
    }

    [Fact]
    public void A_rule_can_route_by_the_language_the_lead_wrote_in()
    {
        var english = new RoutingCriteria(Languages: ["en"]);

        Assert.True(Router.Matches(english, new LeadTraits("A", "website-form", Language: "en")));
        Assert.False(Router.Matches(english, new LeadTraits("A", "website-form", Language: "id")));
        Assert.False(Router.Matches(english, new LeadTraits("A", "website-form")));
        Assert.Equal("id", Smarketing.Contracts.LanguageGuess.Of("Berapa biaya pasang baliho di Jl. Sudirman untuk 3 bulan?"));
        Assert.Equal("en", Smarketing.Contracts.LanguageGuess.Of("How much would a billboard on Sudirman cost for three months?"));
        Assert.Null(Smarketing.Contracts.LanguageGuess.Of("billboard 4x8"));
    }
}
