using Smarketing.Pipeline.Bench.Reporting;

namespace Pipeline.Bench.Tests;

public sealed class LatencyStatsTests
{
    [Fact]
    public void Percentiles_are_nearest_rank_samples_whatever_the_input_order()
    {
        var samples = Enumerable.Range(1, 100).Select(i => (double)i).Reverse();

        var stats = LatencyStats.From(samples);

        Assert.Equal((100, 50.0, 90.0, 99.0, 100.0, 50.5), (stats.Count, stats.P50, stats.P90, stats.P99, stats.Max, stats.Mean));
    }

    [Fact]
    public void A_few_samples_give_real_samples_and_p99_is_the_largest()
    {
        var stats = LatencyStats.From([12.5, 3, 7]);

        Assert.Equal(7, stats.P50);
        Assert.Equal(12.5, stats.P90);
        Assert.Equal(12.5, stats.P99);
        Assert.Equal(12.5, stats.Max);
    }

    [Fact]
    public void No_samples_give_no_percentiles_and_non_finite_samples_are_ignored()
    {
        Assert.Equal(0, LatencyStats.From([]).Count);
        Assert.True(double.IsNaN(LatencyStats.From([]).P50));
        var stats = LatencyStats.From([double.NaN, 4, double.PositiveInfinity]);
        Assert.Equal((1, 4.0), (stats.Count, stats.P99));
    }

    [Theory]
    [InlineData(0.0, 1)]
    [InlineData(0.5, 2)]
    [InlineData(0.51, 3)]
    [InlineData(1.0, 4)]
    public void Percentile_is_the_smallest_sample_with_at_least_that_share_at_or_below_it(double fraction, double expected) =>
        Assert.Equal(expected, LatencyStats.Percentile([1, 2, 3, 4], fraction));
}
