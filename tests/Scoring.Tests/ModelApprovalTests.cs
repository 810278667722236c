using Smarketing.Scoring.Domain;

namespace Smarketing.Scoring.Tests;

public class ModelApprovalTests
{
    private static readonly DateTime At = new(2026, 11, 23, 3, 0, 0, DateTimeKind.Utc);
    private static readonly Approval Maya = new("maya", "Maya (marketing)", At);
    private static readonly Approval Sam = new("sam", "Sam (sales)", At);

    [Theory]
    [InlineData("marketing", ModelApproval.Marketing)]
    [InlineData("sales_manager", ModelApproval.Sales)]
    [InlineData("admin", null)]
    [InlineData("sales_rep", null)]
    public void Marketing_users_approve_for_marketing_sales_managers_for_sales_and_nobody_else_for_either(string role, string? side)
    {
        Assert.Equal(side, ModelApproval.SideOf(role));
    }

    [Fact]
    public void A_first_approval_from_either_side_is_recorded_without_activating()
    {
        Assert.Equal(ApprovalOutcome.Recorded, ModelApproval.Decide(ModelStatus.Draft, null, null, "maya", "marketing"));
        Assert.Equal(ApprovalOutcome.Recorded, ModelApproval.Decide(ModelStatus.Draft, null, null, "sam", "sales_manager"));
    }

    [Fact]
    public void The_second_side_activates_in_either_order()
    {
        Assert.Equal(ApprovalOutcome.Activates, ModelApproval.Decide(ModelStatus.Draft, Maya, null, "sam", "sales_manager"));
        Assert.Equal(ApprovalOutcome.Activates, ModelApproval.Decide(ModelStatus.Draft, null, Sam, "maya", "marketing"));
    }

    [Fact]
    public void An_admin_cannot_bypass_either_side()
    {
        Assert.Equal(ApprovalOutcome.WrongRole, ModelApproval.Decide(ModelStatus.Draft, Maya, null, "root", "admin"));
        Assert.Equal(ApprovalOutcome.WrongRole, ModelApproval.Decide(ModelStatus.Draft, null, null, "rep", "sales_rep"));
    }

    [Fact]
    public void The_same_person_cannot_approve_both_sides_even_after_a_role_change()
    {
        Assert.Equal(ApprovalOutcome.SamePersonBothSides, ModelApproval.Decide(ModelStatus.Draft, Maya, null, "maya", "sales_manager"));
        Assert.Equal(ApprovalOutcome.SamePersonBothSides, ModelApproval.Decide(ModelStatus.Draft, null, Sam, "sam", "marketing"));
    }

    [Fact]
    public void Approving_again_is_a_no_op_and_a_second_person_of_the_same_side_is_refused()
    {
        Assert.Equal(ApprovalOutcome.AlreadyRecorded, ModelApproval.Decide(ModelStatus.Draft, Maya, null, "maya", "marketing"));
        Assert.Equal(ApprovalOutcome.SidePreviouslyApproved, ModelApproval.Decide(ModelStatus.Draft, Maya, null, "mia", "marketing"));
    }

    [Theory]
    [InlineData(ModelStatus.Active)]
    [InlineData(ModelStatus.Retired)]
    public void Only_drafts_can_be_approved(string status)
    {
        Assert.Equal(ApprovalOutcome.NotApprovable, ModelApproval.Decide(status, null, null, "maya", "marketing"));
    }

    [Fact]
    public void A_draft_with_one_approval_reads_as_approved_by_one_side()
    {
        Assert.Equal("draft", ModelApproval.DisplayStatus(ModelStatus.Draft, null, null));
        Assert.Equal("approved-by-one-side", ModelApproval.DisplayStatus(ModelStatus.Draft, null, Sam));
        Assert.Equal("active", ModelApproval.DisplayStatus(ModelStatus.Active, Maya, Sam));
        Assert.Equal("retired", ModelApproval.DisplayStatus(ModelStatus.Retired, Maya, Sam));
    }
}
