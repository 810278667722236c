using Smarketing.Assignment.Api;
using Smarketing.Assignment.Domain;

namespace Smarketing.Assignment.Tests;

public sealed class RoutingTests
{
    private static readonly Guid Ani = Guid.NewGuid(), Budi = Guid.NewGuid(), Citra = Guid.NewGuid();

    private static readonly RoutingTable Table = new(
    [
        new("surabaya-billboards", new RoutingCriteria(Cities: ["Surabaya"], Products: ["billboard"]), [Ani]),
        new("hot-quotes", new RoutingCriteria(Grades: ["A"], Sources: ["quote-request"]), [Budi]),
        new("east-java", new RoutingCriteria(Cities: ["Surabaya", "Malang"]), [Citra]),
    ], [Budi, Citra]);

    [Fact]
    public void Matching_rules_come_in_their_order_then_the_fallback()
    {
        var pools = Router.PoolsFor(new LeadTraits("A", "quote-request", City: "Surabaya Barat", Product: "Billboard 4x8"), Table);

        Assert.Equal(["surabaya-billboards", "hot-quotes", "east-java", "fallback"], pools.Select(p => p.Name));
        Assert.Equal([Budi, Citra], pools[^1].RepIds!);
    }

    [Fact]
    public void A_lead_no_rule_matches_goes_to_the_fallback_pool()
    {
        var pools = Router.PoolsFor(new LeadTraits("C", "website-form", City: "Jakarta"), Table);

        Assert.Equal(["fallback"], pools.Select(p => p.Name));
    }

    [Fact]
    public void Without_a_fallback_pool_everyone_active_is_the_fallback()
    {
        var pools = Router.PoolsFor(new LeadTraits("B", "whatsapp"), RoutingTable.Empty);

        Assert.Null(Assert.Single(pools).RepIds);
    }

    [Theory]
    [InlineData("surabaya", "BILLBOARD", true)]      // case does not matter
    [InlineData("Kota Surabaya", "billboard", true)] // a city matches by part
    [InlineData("Surabaya", null, false)]            // a product is required by the rule
    [InlineData(null, "billboard", false)]
    public void Criteria_need_every_given_list_to_hold_the_value(string? city, string? product, bool matches)
    {
        var rule = Table.Rules[0].Match;
        Assert.Equal(matches, Router.Matches(rule, new LeadTraits("B", "website-form", city, product)));
    }

    [Fact]
    public void Grades_and_sources_match_exactly_not_by_part()
    {
        var criteria = new RoutingCriteria(Sources: ["form"]);
        Assert.False(Router.Matches(criteria, new LeadTraits("A", "website-form")));
    }

    [Fact]
    public void Saving_rules_reports_each_wrong_rule_by_position()
    {
        var table = new RoutingTable(
        [
            new("ok", new RoutingCriteria(Grades: ["A"]), [Ani]),
            new("OK", new RoutingCriteria(Grades: ["E"], Sources: ["fax"]), []),
            new("", new RoutingCriteria(), [Guid.NewGuid()]),
        ], [Guid.NewGuid()]);

        var errors = RoutingApi.Validate(table, new HashSet<Guid> { Ani, Budi });

        Assert.Equal(
            new[] { "fallbackPool", "rules[1].match.grades", "rules[1].match.sources", "rules[1].name", "rules[1].pool", "rules[2].name", "rules[2].pool" },
            errors.Keys.Order().ToArray());
        Assert.Empty(RoutingApi.Validate(new RoutingTable([Table.Rules[0]], [Budi]), new HashSet<Guid> { Ani, Budi }));
    }
}
