using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Smarketing.ServiceDefaults.Data;

namespace Smarketing.ServiceDefaults.Tests;

public class OutboxMetricsTests
{
    [Fact]
    public void Outbox_lag_is_a_millisecond_histogram_per_message_type_on_the_smarketing_meter()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var metrics = new OutboxMetrics(services.GetRequiredService<IMeterFactory>());
        var seen = new List<(string Instrument, string? Unit, double Value, string? Type)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "Smarketing") l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) =>
            seen.Add((instrument.Name, instrument.Unit, value, tags.ToArray().Single(t => t.Key == "message_type").Value as string)));
        listener.Start();

        metrics.Published("LeadScored", 12.5);

        Assert.Equal([("smarketing.outbox.lag", "ms", 12.5, "LeadScored")], seen);
    }
}
