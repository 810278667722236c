using Smarketing.FollowUp.Domain;

namespace Smarketing.FollowUp.Tests;

public class CadenceTests
{
    private static readonly BusinessCalendar Jakarta = BusinessCalendar.Jakarta;
    private static readonly string[] Grades = ["A", "B", "C", "D"];

    private static IReadOnlyList<PlannedTask> Plan(DateTime assignedAt, string grade) =>
        CadencePlanner.Plan(assignedAt, CadenceSettings.Default.For(grade), Jakarta);

    private static PlannedTask FirstTouch(DateTime assignedAt, string grade) => Plan(assignedAt, grade)[0];

    [Fact]
    public void First_touch_deadlines_are_fifteen_minutes_for_a_an_hour_for_b_and_a_business_day_otherwise()
    {
        Assert.Equal(15, CadenceSettings.Default.For("A").FirstTouchDeadlineMinutes);
        Assert.Equal(60, CadenceSettings.Default.For("B").FirstTouchDeadlineMinutes);
        Assert.Equal(9 * 60, CadenceSettings.Default.For("C").FirstTouchDeadlineMinutes);
        Assert.Equal(9 * 60, CadenceSettings.Default.For("D").FirstTouchDeadlineMinutes);
    }

    [Fact]
    public void A_missed_first_touch_is_escalated_one_more_deadline_later_and_only_the_first_touch_is()
    {
        var plan = Plan(Wib.Monday(10), "A");

        Assert.Equal(Wib.Monday(10, 30), plan[0].EscalateAt);
        Assert.All(plan.Skip(1), t => Assert.Null(t.EscalateAt));
        Assert.Equal(Wib.NextMonday(8, 20), FirstTouch(Wib.Friday(16, 50), "A").EscalateAt);
    }

    [Fact]
    public void Every_grade_a_and_b_plan_keeps_at_least_five_touches()
    {
        Assert.True(CadenceSettings.Default.For("A").Steps.Count >= 5);
        Assert.True(CadenceSettings.Default.For("B").Steps.Count >= 5);
    }

    [Fact]
    public void A_grade_a_plan_has_at_least_five_touches_over_two_weeks_starting_with_the_first_touch()
    {
        var assignedAt = Wib.Monday(10);

        var plan = Plan(assignedAt, "A");

        Assert.True(plan.Count >= 5, $"only {plan.Count} steps");
        Assert.Equal(Enumerable.Range(1, plan.Count), plan.Select(t => t.Step));
        Assert.True(plan[0].FirstTouch);
        Assert.All(plan.Skip(1), t => Assert.False(t.FirstTouch));
        Assert.Equal(Wib.Monday(10), plan[0].DueAt);
        Assert.Equal(Wib.Monday(10, 15), plan[0].OverdueAt);
        Assert.All(plan, t => Assert.Equal(DateTimeKind.Utc, t.DueAt.Kind));
        Assert.All(plan, t => Assert.True(Wib.InBusinessHours(t.DueAt), $"step {t.Step} due {Wib.Local(t.DueAt):ddd HH:mm} WIB"));
        Assert.All(plan, t => Assert.True(t.OverdueAt >= t.DueAt, $"step {t.Step} overdue before due"));
        Assert.Equal(plan.Select(t => t.DueAt).Order(), plan.Select(t => t.DueAt));
        var last = plan[^1].DueAt;
        Assert.InRange(last, assignedAt.AddDays(13), assignedAt.AddDays(14 + 2));
    }

    [Fact]
    public void The_default_cadence_uses_more_than_one_channel()
    {
        var steps = CadenceSettings.Default.For("A").Steps;
        var channels = steps.Select(s => s.Channel).ToHashSet();

        Assert.Contains("call", channels);
        Assert.Contains("whatsapp", channels);
        Assert.Contains("email", channels);
        Assert.Equal("call", steps[0].Channel);
    }

    [Fact]
    public void A_lead_assigned_on_saturday_is_due_at_monday_opening()
    {
        var first = FirstTouch(Wib.Saturday(11), "A");

        Assert.Equal(Wib.NextMonday(8), first.DueAt);
        Assert.Equal(Wib.NextMonday(8, 15), first.OverdueAt);
    }

    [Fact]
    public void A_grade_b_lead_must_be_touched_within_one_business_hour()
    {
        Assert.Equal(Wib.Monday(11), FirstTouch(Wib.Monday(10), "B").OverdueAt);
        Assert.Equal(Wib.NextMonday(8, 30), FirstTouch(Wib.Friday(16, 30), "B").OverdueAt);
    }

    [Theory]
    [InlineData("C")]
    [InlineData("D")]
    public void A_grade_c_or_d_lead_must_be_touched_by_the_same_time_next_business_day(string grade)
    {
        Assert.Equal(Wib.Wednesday(10), FirstTouch(Wib.Tuesday(10), grade).OverdueAt);
        Assert.Equal(Wib.NextMonday(10), FirstTouch(Wib.Friday(10), grade).OverdueAt);
        Assert.Equal(Wib.Tuesday(10), FirstTouch(Wib.Monday(10), grade).OverdueAt);
    }

    [Fact]
    public void Every_due_and_overdue_time_falls_in_business_hours_whenever_the_lead_is_assigned()
    {
        var plans = Wib.EveryHalfHourOfAWeek().SelectMany(at => Grades.Select(grade => (at, grade, Plan(at, grade))));
        foreach (var (assignedAt, grade, plan) in plans)
        {
            foreach (var task in plan)
            {
                var what = $"assigned {Wib.Local(assignedAt):ddd HH:mm}, grade {grade}: step {task.Step}";
                Assert.True(Wib.InBusinessHours(task.DueAt), $"{what} due {Wib.Local(task.DueAt):ddd HH:mm} WIB");
                Assert.True(Wib.InBusinessHours(task.OverdueAt), $"{what} overdue {Wib.Local(task.OverdueAt):ddd HH:mm} WIB");
                Assert.True(task.DueAt >= assignedAt && task.OverdueAt >= task.DueAt, $"{what} due before assignment or overdue before due");
            }
        }
    }

    [Fact]
    public void A_grade_c_lead_assigned_at_the_weekend_still_gets_a_whole_working_day()
    {
        // Monday 17:00 and Tuesday 08:00 are the same point in working time: one full business day after Monday's opening.
        var deadline = FirstTouch(Wib.Saturday(7), "C").OverdueAt;

        Assert.InRange(deadline, Wib.NextMonday(17), Wib.NextTuesday(8));
    }

    [Fact]
    public void A_hotter_grade_never_has_a_later_first_touch_deadline()
    {
        foreach (var assignedAt in Wib.EveryHalfHourOfAWeek())
        {
            var a = FirstTouch(assignedAt, "A").OverdueAt;
            var b = FirstTouch(assignedAt, "B").OverdueAt;
            var c = FirstTouch(assignedAt, "C").OverdueAt;

            Assert.True(a < b && b < c,
                $"assigned {Wib.Local(assignedAt):ddd HH:mm} WIB: A {Wib.Local(a):ddd HH:mm}, B {Wib.Local(b):ddd HH:mm}, C {Wib.Local(c):ddd HH:mm}");
        }
    }

    [Fact]
    public void A_later_assignment_never_gets_an_earlier_first_touch_deadline()
    {
        foreach (var grade in Grades)
        {
            var times = Wib.EveryHalfHourOfAWeek().ToList();
            for (var i = 1; i < times.Count; i++)
            {
                var earlier = FirstTouch(times[i - 1], grade).OverdueAt;
                var later = FirstTouch(times[i], grade).OverdueAt;

                Assert.True(later >= earlier,
                    $"grade {grade}: assigned {Wib.Local(times[i - 1]):ddd HH:mm} → {Wib.Local(earlier):ddd HH:mm}, " +
                    $"assigned {Wib.Local(times[i]):ddd HH:mm} → {Wib.Local(later):ddd HH:mm} WIB");
            }
        }
    }
}
