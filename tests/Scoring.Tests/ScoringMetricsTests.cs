using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;

namespace Smarketing.Scoring.Tests;

public class ScoringMetricsTests
{
    [Fact]
    public void Scored_leads_are_counted_per_qualification_on_the_smarketing_meter()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var metrics = new ScoringMetrics(services.GetRequiredService<IMeterFactory>());
        var seen = new List<(string Instrument, long Value, string? Qualification)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "Smarketing") l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
            seen.Add((instrument.Name, value, tags.ToArray().Single(t => t.Key == "qualification").Value as string)));
        listener.Start();

        metrics.Scored("sql");
        metrics.Scored("nurture");

        Assert.Equal([("smarketing.leads.scored", 1L, "sql"), ("smarketing.leads.scored", 1L, "nurture")], seen);
    }
}
