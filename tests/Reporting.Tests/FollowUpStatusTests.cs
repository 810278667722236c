using Smarketing.Reporting.Domain;

namespace Smarketing.Reporting.Tests;

public class FollowUpStatusTests
{
    [Theory]
    [InlineData(FollowUpStatus.Pending, FollowUpStatus.Overdue)]
    [InlineData(FollowUpStatus.Overdue, FollowUpStatus.Overdue)]
    [InlineData(FollowUpStatus.Done, FollowUpStatus.Done)]
    [InlineData(FollowUpStatus.Cancelled, FollowUpStatus.Cancelled)]
    public void Overdue_never_reopens_a_finished_step(string current, string expected) =>
        Assert.Equal(expected, FollowUpStatus.OnOverdue(current));

    [Theory]
    [InlineData(FollowUpStatus.Pending, FollowUpStatus.Cancelled)]
    [InlineData(FollowUpStatus.Overdue, FollowUpStatus.Cancelled)]
    [InlineData(FollowUpStatus.Done, FollowUpStatus.Done)]
    public void An_outcome_cancels_only_open_steps(string current, string expected) =>
        Assert.Equal(expected, FollowUpStatus.OnOutcome(current));

    [Fact]
    public void A_step_completed_before_its_schedule_arrived_stays_done() =>
        Assert.Equal(FollowUpStatus.Done, FollowUpStatus.Reconcile(FollowUpStatus.Pending, completedByActivity: true, leadClosed: true));

    [Fact]
    public void A_step_scheduled_after_the_lead_closed_is_cancelled() =>
        Assert.Equal(FollowUpStatus.Cancelled, FollowUpStatus.Reconcile(FollowUpStatus.Pending, completedByActivity: false, leadClosed: true));

    [Fact]
    public void A_step_of_an_open_lead_keeps_its_status() =>
        Assert.Equal(FollowUpStatus.Overdue, FollowUpStatus.Reconcile(FollowUpStatus.Overdue, completedByActivity: false, leadClosed: false));
}
