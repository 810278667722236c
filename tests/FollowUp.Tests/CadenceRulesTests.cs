using Smarketing.FollowUp.Data;
using Smarketing.FollowUp.Domain;

namespace Smarketing.FollowUp.Tests;

public class CadenceRulesTests
{
    private static readonly BusinessCalendar Jakarta = BusinessCalendar.Jakarta;
    private static readonly Guid Rep = Guid.NewGuid();

    private static (LeadCadence Cadence, List<FollowUpTask> Tasks) Planned(DateTime assignedAt, string grade = "A")
    {
        var leadId = Guid.NewGuid();
        var cadence = new LeadCadence { LeadId = leadId, RepId = Rep, Grade = grade, AssignedAt = assignedAt, FirstTouchDeadlineMinutes = 15 };
        var tasks = CadencePlanner.Plan(assignedAt, CadenceSettings.Default.For(grade), Jakarta).Select(p => new FollowUpTask
        {
            Id = Guid.NewGuid(), LeadId = leadId, RepId = Rep, Step = p.Step, Channel = p.Channel, Instructions = p.Instructions,
            DueAt = p.DueAt, OverdueAt = p.OverdueAt, EscalateAt = p.EscalateAt, FirstTouch = p.FirstTouch,
        }).ToList();
        return (cadence, tasks);
    }

    private static Activity Touch(string type, string outcome, DateTime at) =>
        new() { Id = Guid.NewGuid(), Type = type, Outcome = outcome, At = at, LoggedAt = at };

    private static List<FollowUpTask> Open(List<FollowUpTask> tasks) => tasks.Where(CadenceRules.IsOpen).OrderBy(t => t.Step).ToList();

    [Fact]
    public void A_touch_completes_the_earliest_open_step_and_names_the_next()
    {
        var (cadence, tasks) = Planned(Wib.Monday(10));
        var call = Touch("call", "no-answer", Wib.Monday(10, 5));

        var result = CadenceRules.Touch(cadence, Open(tasks), call, CadenceSettings.Default, Jakarta, Wib.Monday(10, 5));

        Assert.Same(tasks[0], result.Completed);
        Assert.Equal(TaskStatuses.Done, tasks[0].Status);
        Assert.Equal(call.Id, tasks[0].ActivityId);
        Assert.Equal(tasks[0].Id, call.TaskId);
        Assert.Same(tasks[1], result.Next);
        Assert.All(tasks.Skip(1), t => Assert.Equal(TaskStatuses.Pending, t.Status));
        Assert.Null(result.PausedUntil);
        Assert.Null(result.CloseAsLostReason);
    }

    [Fact]
    public void An_overdue_step_is_completed_by_a_late_touch()
    {
        var (cadence, tasks) = Planned(Wib.Monday(10));
        tasks[0].Status = TaskStatuses.Overdue;

        var result = CadenceRules.Touch(cadence, Open(tasks), Touch("whatsapp", "replied", Wib.Monday(11)), CadenceSettings.Default, Jakarta, Wib.Monday(11));

        Assert.Same(tasks[0], result.Completed);
        Assert.Equal(TaskStatuses.Done, tasks[0].Status);
    }

    [Fact]
    public void A_note_completes_nothing()
    {
        var (cadence, tasks) = Planned(Wib.Monday(10));

        var result = CadenceRules.Touch(cadence, Open(tasks), Touch("note", "connected", Wib.Monday(10, 5)), CadenceSettings.Default, Jakarta, Wib.Monday(10, 5));

        Assert.Null(result.Completed);
        Assert.All(tasks, t => Assert.Equal(TaskStatuses.Pending, t.Status));
    }

    [Fact]
    public void A_reply_pauses_the_rest_of_the_plan_for_the_configured_time_keeping_its_spacing()
    {
        var (cadence, tasks) = Planned(Wib.Monday(10));
        var settings = CadenceSettings.Default with { PauseAfterReplyHours = 72 };
        var before = tasks.Select(t => t.DueAt).ToList();
        tasks[1].DueNotifiedAt = Wib.Tuesday(10);

        var result = CadenceRules.Touch(cadence, Open(tasks), Touch("call", "replied", Wib.Monday(10, 5)), settings, Jakarta, Wib.Monday(10, 5));

        Assert.Equal(Wib.Monday(10, 5).AddHours(72), result.PausedUntil);
        Assert.Equal(result.PausedUntil, cadence.PausedUntil);
        Assert.True(tasks[1].DueAt >= result.PausedUntil, $"step 2 due {Wib.Local(tasks[1].DueAt)} before the pause ends");
        Assert.Null(tasks[1].DueNotifiedAt); // announced again when it comes due
        for (var i = 2; i < tasks.Count; i++)
        {
            Assert.True(tasks[i].DueAt >= before[i], $"step {i + 1} moved earlier");
            Assert.True(tasks[i].DueAt >= tasks[i - 1].DueAt, $"step {i + 1} now before step {i}");
            Assert.True(Wib.InBusinessHours(tasks[i].DueAt));
        }
    }

    [Fact]
    public void A_set_meeting_pauses_for_the_meeting_time_and_an_ordinary_touch_does_not_pause()
    {
        var settings = CadenceSettings.Default with { PauseAfterMeetingHours = 120, PauseAfterReplyHours = 1 };
        var (cadence, tasks) = Planned(Wib.Monday(10));
        var meeting = CadenceRules.Touch(cadence, Open(tasks), Touch("call", "meeting-set", Wib.Monday(10, 5)), settings, Jakarta, Wib.Monday(10, 5));
        Assert.Equal(Wib.Monday(10, 5).AddHours(120), meeting.PausedUntil);

        var (cadence2, tasks2) = Planned(Wib.Monday(10));
        var plain = CadenceRules.Touch(cadence2, Open(tasks2), Touch("call", "connected", Wib.Monday(10, 5)), settings, Jakarta, Wib.Monday(10, 5));
        Assert.Null(plain.PausedUntil);
    }

    [Fact]
    public void Not_interested_on_the_last_step_closes_the_lead_as_lost_but_not_before()
    {
        var (cadence, tasks) = Planned(Wib.Monday(10));
        var early = CadenceRules.Touch(cadence, Open(tasks), Touch("call", "not-interested", Wib.Monday(10, 5)), CadenceSettings.Default, Jakarta, Wib.Monday(10, 5));
        Assert.Null(early.CloseAsLostReason);

        foreach (var task in tasks.Take(tasks.Count - 1)) task.Status = TaskStatuses.Done;
        var last = CadenceRules.Touch(cadence, Open(tasks), Touch("call", "not-interested", Wib.Tuesday(10)), CadenceSettings.Default, Jakarta, Wib.Tuesday(10));

        Assert.Equal(CadenceRules.NotInterestedAfterLastStep, last.CloseAsLostReason);
        Assert.Same(tasks[^1], last.Completed);
        Assert.True(CadenceSettings.Default.Recycles(last.CloseAsLostReason));
    }

    [Fact]
    public void The_outcome_of_a_tapped_link_completes_no_second_step()
    {
        var (cadence, tasks) = Planned(Wib.Monday(10));
        tasks[0].Status = TaskStatuses.Done; // the tap completed it

        var result = CadenceRules.Touch(cadence, Open(tasks), Touch("whatsapp", "replied", Wib.Monday(10, 10)), CadenceSettings.Default, Jakarta,
            Wib.Monday(10, 10), completesStep: false);

        Assert.Null(result.Completed);
        Assert.Equal(TaskStatuses.Pending, tasks[1].Status);
        Assert.NotNull(result.PausedUntil);
    }

    [Fact]
    public void An_outcome_cancels_every_open_step_and_leaves_done_ones()
    {
        var (_, tasks) = Planned(Wib.Monday(10));
        tasks[0].Status = TaskStatuses.Done;
        tasks[1].Status = TaskStatuses.Overdue;

        Assert.True(CadenceRules.CancelOpen(tasks));

        Assert.Equal(TaskStatuses.Done, tasks[0].Status);
        Assert.All(tasks.Skip(1), t => Assert.Equal(TaskStatuses.Cancelled, t.Status));
        Assert.False(CadenceRules.CancelOpen(tasks));
    }

    [Fact]
    public void A_reassigned_lead_gives_the_new_rep_a_fresh_first_touch_window()
    {
        var (_, tasks) = Planned(Wib.Monday(10));
        tasks[0].Status = TaskStatuses.Overdue;
        tasks[0].OverdueNotifiedAt = Wib.Monday(10, 15);
        tasks[0].EscalatedAt = Wib.Monday(10, 30);
        var newRep = Guid.NewGuid();

        CadenceRules.HandOver(Open(tasks), newRep, TimeSpan.FromMinutes(15), Jakarta, Wib.Monday(10, 31));

        Assert.All(tasks, t => Assert.Equal(newRep, t.RepId));
        Assert.Equal(TaskStatuses.Pending, tasks[0].Status);
        Assert.Equal(Wib.Monday(10, 31), tasks[0].DueAt);
        Assert.Equal(Wib.Monday(10, 46), tasks[0].OverdueAt);
        Assert.Equal(Wib.Monday(11, 1), tasks[0].EscalateAt);
        Assert.Null(tasks[0].EscalatedAt);
        Assert.Null(tasks[0].OverdueNotifiedAt);
    }
}
