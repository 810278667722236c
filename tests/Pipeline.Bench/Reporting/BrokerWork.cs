namespace Smarketing.Pipeline.Bench.Reporting;

/// <summary>The broker's running totals: messages published to the platform's exchanges, and delivered to its consumers.</summary>
public sealed record BrokerTotals(long Published, long Delivered);

/// <summary>
/// What a lead costs the broker, and what that allows at most: the raw test's message is one publish and one delivery,
/// so a lead of P publishes and D deliveries counts as (P + D) / 2 raw messages, and the raw rate divided by that is
/// the most leads a second the broker could carry with the whole machine to itself (publish and delivery taken as
/// equally dear: an estimate, not a measurement).
/// </summary>
public sealed record BrokerWork(long Leads, double PublishesPerLead, double DeliveriesPerLead, double RawMessagesPerLead, double CeilingLeadsPerSecond)
{
    public static BrokerWork? Between(BrokerTotals before, BrokerTotals after, long leads, double rawMessagesPerSecond)
    {
        if (leads <= 0 || after.Published <= before.Published) return null;
        var publishes = (after.Published - before.Published) / (double)leads;
        var deliveries = (after.Delivered - before.Delivered) / (double)leads;
        var raw = (publishes + deliveries) / 2;
        return new BrokerWork(leads, Math.Round(publishes, 2), Math.Round(deliveries, 2), Math.Round(raw, 2), Math.Round(rawMessagesPerSecond / raw));
    }

    public string Describe() =>
        $"Broker work per lead over both ladders ({Leads:N0} leads): {PublishesPerLead:0.0} publishes and {DeliveriesPerLead:0.0} deliveries to the " +
        $"platform's consumers (the bench's own listener left out), about {RawMessagesPerLead:0.0} raw-test messages; at the raw RabbitMQ rate that " +
        $"caps the broker alone, with the whole machine, at about {CeilingLeadsPerSecond:N0} leads/s.";
}
