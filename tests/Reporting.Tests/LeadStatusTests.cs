using Smarketing.Reporting.Domain;

namespace Smarketing.Reporting.Tests;

public class LeadStatusTests
{
    private static readonly DateTime Touched = new(2026, 11, 23, 2, 0, 0, DateTimeKind.Utc);
    private static readonly Guid Rep = Guid.NewGuid();

    [Theory]
    [InlineData("won")]
    [InlineData("lost")]
    [InlineData("disqualified")]
    public void An_outcome_wins_over_everything_else(string result) =>
        Assert.Equal(result, LeadStatus.Derive(result, Touched, Rep, "sql"));

    [Fact]
    public void A_sales_touch_makes_an_owned_lead_contacted() =>
        Assert.Equal(LeadStatus.Contacted, LeadStatus.Derive(null, Touched, Rep, "sql"));

    [Fact]
    public void A_touch_counts_even_when_the_assignment_has_not_arrived_yet() =>
        Assert.Equal(LeadStatus.Contacted, LeadStatus.Derive(null, Touched, null, null));

    [Fact]
    public void An_owner_without_a_touch_is_assigned_even_for_a_nurture_lead() =>
        Assert.Equal(LeadStatus.Assigned, LeadStatus.Derive(null, null, Rep, "nurture"));

    [Fact]
    public void An_unowned_nurture_lead_is_nurture() =>
        Assert.Equal(LeadStatus.Nurture, LeadStatus.Derive(null, null, null, "nurture"));

    [Theory]
    [InlineData(null)]
    [InlineData("mql")]
    [InlineData("sql")]
    public void Otherwise_the_lead_is_new(string? qualification) =>
        Assert.Equal(LeadStatus.New, LeadStatus.Derive(null, null, null, qualification));

    [Fact]
    public void Every_derived_status_is_a_listed_one()
    {
        foreach (var outcome in new string?[] { null, "won" })
            foreach (var touch in new DateTime?[] { null, Touched })
                foreach (var owner in new Guid?[] { null, Rep })
                    foreach (var qualification in new string?[] { null, "nurture", "sql" })
                        Assert.Contains(LeadStatus.Derive(outcome, touch, owner, qualification), LeadStatus.All);
    }
}
