using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;

namespace Smarketing.Ingestion.Tests;

public class CaptureMetricsTests
{
    [Fact]
    public void Captured_and_rejected_events_are_counted_per_channel_on_the_smarketing_meter()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var metrics = new CaptureMetrics(services.GetRequiredService<IMeterFactory>());
        var seen = new List<(string Instrument, long Value, string? Channel)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "Smarketing") l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
            seen.Add((instrument.Name, value, tags.ToArray().Single(t => t.Key == "channel").Value as string)));
        listener.Start();

        metrics.Captured(CaptureChannel.Http);
        metrics.Captured(CaptureChannel.Batch, 498);
        metrics.Rejected(CaptureChannel.Broker);
        metrics.Rejected(CaptureChannel.Batch, 0);

        Assert.Equal(
            [("smarketing.leads.captured", 1L, "http"), ("smarketing.leads.captured", 498L, "batch"), ("smarketing.leads.rejected", 1L, "broker")],
            seen);
    }

    [Fact]
    public void The_size_of_each_group_commit_is_recorded_on_the_smarketing_meter()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var metrics = new CaptureMetrics(services.GetRequiredService<IMeterFactory>());
        var seen = new List<(string Instrument, int Value)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "Smarketing") l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<int>((instrument, value, _, _) => seen.Add((instrument.Name, value)));
        listener.Start();

        metrics.GroupCommitted(1);
        metrics.GroupCommitted(17);

        Assert.Equal([("smarketing.capture.group.size", 1), ("smarketing.capture.group.size", 17)], seen);
    }
}
