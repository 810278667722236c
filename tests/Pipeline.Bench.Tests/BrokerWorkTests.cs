using Smarketing.Pipeline.Bench.Reporting;

namespace Pipeline.Bench.Tests;

public sealed class BrokerWorkTests
{
    [Fact]
    public void A_lead_of_5_publishes_and_13_deliveries_is_9_raw_messages_so_9000_raw_messages_a_second_carry_1000_leads()
    {
        var work = BrokerWork.Between(new BrokerTotals(1_000, 4_000), new BrokerTotals(6_000, 17_000), leads: 1_000, rawMessagesPerSecond: 9_000);

        Assert.NotNull(work);
        Assert.Equal((5.0, 13.0, 9.0, 1_000.0), (work.PublishesPerLead, work.DeliveriesPerLead, work.RawMessagesPerLead, work.CeilingLeadsPerSecond));
        Assert.Contains("about 1,000 leads/s", work.Describe());
    }

    [Fact]
    public void Without_leads_or_without_fresh_statistics_there_is_no_figure()
    {
        Assert.Null(BrokerWork.Between(new BrokerTotals(10, 10), new BrokerTotals(20, 40), leads: 0, rawMessagesPerSecond: 9_000));
        // The management statistics had not moved yet: no publishes seen is no measurement, not a free lead.
        Assert.Null(BrokerWork.Between(new BrokerTotals(10, 10), new BrokerTotals(10, 10), leads: 500, rawMessagesPerSecond: 9_000));
    }
}
