using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;

namespace Smarketing.Assignment.Tests;

public class AssignmentMetricsTests
{
    [Fact]
    public void Assignments_are_counted_per_grade_and_reassignments_apart_on_the_smarketing_meter()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var metrics = new AssignmentMetrics(services.GetRequiredService<IMeterFactory>());
        var seen = new List<(string Instrument, long Value, string? Grade)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "Smarketing") l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
            seen.Add((instrument.Name, value, tags.ToArray().FirstOrDefault(t => t.Key == "grade").Value as string)));
        listener.Start();

        metrics.Assigned("A");
        metrics.Assigned("B");
        metrics.Reassigned();

        Assert.Equal([("smarketing.leads.assigned", 1L, "A"), ("smarketing.leads.assigned", 1L, "B"), ("smarketing.leads.reassigned", 1L, null)], seen);
    }
}
