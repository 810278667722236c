using Smarketing.FollowUp.Data;
using Smarketing.FollowUp.Domain;

namespace Smarketing.FollowUp.Tests;

public class TouchLinkRulesTests
{
    private static readonly Guid Owner = Guid.NewGuid();
    private static readonly DateTime Later = new(2026, 12, 5, 0, 0, 0, DateTimeKind.Utc);

    private static FollowUpTask Step(string status, Guid? rep = null) =>
        new() { Id = Guid.NewGuid(), LeadId = Guid.NewGuid(), RepId = rep ?? Owner, Channel = "call", Instructions = "", Status = status };

    private static TouchTicket TicketFor(FollowUpTask step, Guid? rep = null) => new(step.LeadId, step.Id, rep ?? Owner, "call", Later);

    [Theory]
    [InlineData(TaskStatuses.Pending)]
    [InlineData(TaskStatuses.Overdue)]
    public void The_owner_may_use_a_link_while_its_step_is_open(string status)
    {
        var step = Step(status);
        Assert.Equal(TouchLinkUse.Allowed, TouchLinkRules.Judge(TicketFor(step), Owner, step, callerMayWorkLead: true));
    }

    [Fact]
    public void Someone_who_may_not_work_the_lead_is_refused_before_anything_else()
    {
        var step = Step(TaskStatuses.Pending);
        Assert.Equal(TouchLinkUse.NotYours, TouchLinkRules.Judge(TicketFor(step), Owner, step, callerMayWorkLead: false));
    }

    [Theory]
    [InlineData(TaskStatuses.Done)]
    [InlineData(TaskStatuses.Cancelled)]
    public void The_link_expires_with_its_step(string status)
    {
        var step = Step(status);
        Assert.Equal(TouchLinkUse.Expired, TouchLinkRules.Judge(TicketFor(step), Owner, step, callerMayWorkLead: true));
        Assert.Equal(TouchLinkUse.Expired, TouchLinkRules.Judge(TicketFor(step), Owner, null, callerMayWorkLead: true));
    }

    [Fact]
    public void A_link_handed_out_before_a_reassignment_no_longer_works()
    {
        var newOwner = Guid.NewGuid();
        var step = Step(TaskStatuses.Pending, rep: newOwner);
        Assert.Equal(TouchLinkUse.Expired, TouchLinkRules.Judge(TicketFor(step, rep: Owner), newOwner, step, callerMayWorkLead: true));
    }
}
