using OpenTelemetry.Proto.Metrics.V1;
using Smarketing.AppHost.Dashboard.Telemetry;
using static Smarketing.AppHost.Tests.TelemetryTestData;

namespace Smarketing.AppHost.Tests;

/// <summary>
/// The telemetry store's metrics: per-second rates from counters whatever their temporality (surviving a
/// restart), gauges summed over instances, histogram percentiles from bucket deltas.
/// </summary>
public sealed class TelemetryMetricTests
{
    // Now = T0 + 10 min; a 5-minute window in 10 s steps starts at T0 + 5 min (step 0).
    private static readonly DateTime Now = T0.AddMinutes(10);
    private static DateTime Step(int i) => T0.AddMinutes(5).AddSeconds(10 * i);

    [Fact]
    public void Counter_rate_sums_instances_handles_delta_and_survives_a_restart()
    {
        var store = new TelemetryStore(timeProvider: new ManualTime(Now));
        var started = Step(5);
        var restarted = Step(7).AddSeconds(5);
        store.Ingest(Metrics(Resource("scoring", "scoring-0"), Counter("smarketing.leads.scored", AggregationTemporality.Cumulative,
            (started, Step(6), 100), (started, Step(7), 150), (restarted, Step(8), 20), (restarted, Step(9), 50))));
        store.Ingest(Metrics(Resource("scoring", "scoring-1"), Counter("smarketing.leads.scored", AggregationTemporality.Delta,
            (Step(6), Step(7), 10))));
        store.Ingest(Metrics(Resource("ingestion"), Counter("smarketing.leads.scored", AggregationTemporality.Cumulative, (started, Step(6), 1000))));

        var series = store.GetMetricSeries(new MetricSeriesQuery("smarketing.leads.scored", "scoring", 5, 10))!;

        Assert.Equal(("Sum", "{lead}"), (series.Type, series.Unit));
        Assert.Equal(210, series.Total);
        Assert.Equal([Step(5), Step(6), Step(7), Step(8)], series.Points.Select(p => p.Time));
        Assert.Equal([10.0, 6, 2, 3], series.Points.Select(p => p.Value));
        Assert.Equal(1210, store.GetMetricSeries(new MetricSeriesQuery("smarketing.leads.scored", null, 5, 10))!.Total);
    }

    [Fact]
    public void A_counter_exported_rarely_is_spread_over_the_steps_it_covers()
    {
        var store = new TelemetryStore(timeProvider: new ManualTime(Now));
        store.Ingest(Metrics(Resource("ingestion"), Counter("smarketing.leads.captured", AggregationTemporality.Cumulative,
            (Step(0), Step(1), 5), (Step(0), Step(4), 65))));

        var series = store.GetMetricSeries(new MetricSeriesQuery("smarketing.leads.captured", null, 5, 10))!;

        Assert.Equal([0.5, 2, 2, 2], series.Points.Select(p => p.Value));
        Assert.Equal(65, series.Total);
    }

    [Fact]
    public void Histogram_percentiles_come_from_the_bucket_counts_added_in_each_step()
    {
        var store = new TelemetryStore(timeProvider: new ManualTime(Now));
        double[] bounds = [10, 20, 50, 100];
        store.Ingest(Metrics(Resource("gateway"), Histogram("http.server.request.duration", bounds,
            (Step(5), Step(6), [0, 10, 0, 0, 0]), (Step(5), Step(7), [0, 10, 10, 0, 0]))));

        var series = store.GetMetricSeries(new MetricSeriesQuery("http.server.request.duration", null, 5, 10))!;

        Assert.Equal(("Histogram", 20.0), (series.Type, series.Total));
        var (first, second) = (series.Points[0], series.Points[1]);
        Assert.Equal((Step(5), 15.0, 19.0, 19.9, 1.0), (first.Time, first.P50!.Value, first.Value, Math.Round(first.P99!.Value, 6), first.Count!.Value));
        Assert.Equal((Step(6), 35.0, 47.0), (second.Time, second.P50!.Value, second.Value));
    }

    [Fact]
    public void Quantiles_interpolate_inside_the_bucket_and_stop_at_the_last_finite_bound()
    {
        Assert.Equal(5, HistogramMath.Quantile([(10, 10), (double.PositiveInfinity, 0)], 0.5));
        Assert.Equal(10, HistogramMath.Quantile([(10, 0), (double.PositiveInfinity, 4)], 0.5));
        Assert.Equal(3, HistogramMath.Quantile([(double.PositiveInfinity, 4)], 0.5, mean: 3));
        Assert.Null(HistogramMath.Quantile([(10, 0), (double.PositiveInfinity, 0)], 0.5));
    }

    [Fact]
    public void Gauges_the_apphost_records_show_the_latest_value_per_step_summed_over_instances()
    {
        var store = new TelemetryStore(timeProvider: new ManualTime(Now));
        var queue = new Dictionary<string, string> { ["queue"] = "scoring-lead-received" };
        store.RecordGauge("messaging", "messaging", "rabbitmq.queue.messages", "{message}", "Messages in the queue", Step(2).AddSeconds(1), 7, queue);
        store.RecordGauge("messaging", "messaging", "rabbitmq.queue.messages", "{message}", "Messages in the queue", Step(2).AddSeconds(5), 4, queue);
        store.RecordGauge("messaging", "messaging", "rabbitmq.queue.messages", "{message}", "Messages in the queue", Step(2).AddSeconds(2), 3,
            new Dictionary<string, string> { ["queue"] = "assignment-lead-scored" });

        var series = store.GetMetricSeries(new MetricSeriesQuery("rabbitmq.queue.messages", null, 5, 10))!;

        Assert.Equal(("Gauge", 7.0), (series.Type, series.Total));
        Assert.Equal([(Step(2), 7.0)], series.Points.Select(p => (p.Time, p.Value)));
        var instrument = store.GetInstruments().Items.Single();
        Assert.Equal(("Messages in the queue", "{message}", "Gauge", "messaging"), (instrument.Description, instrument.Unit, instrument.Type, instrument.Resources.Single()));
        Assert.Equal("messaging", store.GetResources().Items.Single().Name);
    }

    [Fact]
    public void Bounds_series_per_instrument_and_samples_per_series()
    {
        var store = new TelemetryStore(new TelemetryLimits { MaxSeriesPerInstrument = 2, MaxPointsPerSeries = 3 }, new ManualTime(Now));
        foreach (var instance in new[] { "a", "b", "c" })
            store.RecordGauge("svc", instance, "g", "", "", Step(0), 1);
        for (var i = 1; i <= 5; i++) store.RecordGauge("svc", "a", "g", "", "", Step(i), i);

        var series = store.GetMetricSeries(new MetricSeriesQuery("g", null, 5, 10))!;

        Assert.Equal([Step(0), Step(3), Step(4), Step(5)], series.Points.Select(p => p.Time));
        Assert.Equal(1, series.Points[0].Value);
        Assert.Equal(6, series.Total);
    }

    [Fact]
    public void Unknown_instruments_and_unsupported_kinds_are_reported()
    {
        var store = new TelemetryStore();
        var summary = new Metric { Name = "legacy", Summary = new Summary { DataPoints = { new SummaryDataPoint { TimeUnixNano = 1 } } } };

        var result = store.Ingest(Metrics(Resource("svc"), summary));

        Assert.Equal(1, result.Rejected);
        Assert.Null(store.GetMetricSeries(new MetricSeriesQuery("legacy")));
    }
}
