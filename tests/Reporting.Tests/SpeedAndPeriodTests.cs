using Smarketing.Reporting.Domain;

namespace Smarketing.Reporting.Tests;

public class SpeedBucketsTests
{
    [Theory]
    [InlineData(0, 0)]
    [InlineData(59, 59)]
    [InlineData(60, 60)]
    [InlineData(119, 60)]
    [InlineData(299, 240)]
    [InlineData(300, 300)]
    [InlineData(3599, 3540)]
    [InlineData(3600, 3600)]
    [InlineData(3899, 3600)]
    [InlineData(3900, 3900)]
    [InlineData(86_399, 86_100)]
    [InlineData(86_400, 86_400)]
    [InlineData(90_000, 90_000)]
    [InlineData(93_599, 90_000)]
    [InlineData(2_592_000, 2_592_000)]
    [InlineData(2_600_000, 2_592_000)]
    public void A_speed_falls_in_the_bucket_of_its_precision(int seconds, int bucket) => Assert.Equal(bucket, SpeedBuckets.Of(seconds));

    [Fact]
    public void The_five_minute_hour_and_day_marks_are_bucket_edges()
    {
        Assert.True(SpeedBuckets.Of(299) < 300 && SpeedBuckets.Of(300) >= 300);
        Assert.True(SpeedBuckets.Of(3599) < 3600 && SpeedBuckets.Of(3600) >= 3600);
        Assert.True(SpeedBuckets.Of(86_399) < 86_400 && SpeedBuckets.Of(86_400) >= 86_400);
    }

    [Fact]
    public void Seconds_are_whole_floored_and_never_negative()
    {
        var at = new DateTime(2026, 11, 23, 1, 0, 0, DateTimeKind.Utc);
        Assert.Equal(59, SpeedBuckets.Seconds(at, at.AddMilliseconds(59_999)));
        Assert.Equal(0, SpeedBuckets.Seconds(at, at.AddMinutes(-10)));
    }

    [Fact]
    public void Seconds_ignore_what_postgres_does_not_store_below_a_microsecond()
    {
        var at = new DateTime(2026, 11, 23, 1, 0, 0, DateTimeKind.Utc).AddTicks(9); // 0.9 µs: stored as .000000
        Assert.Equal(60, SpeedBuckets.Seconds(at, at.AddTicks(-9).AddSeconds(60)));
    }
}

public class PercentilesTests
{
    private static Dictionary<int, long> Histogram(params int[] values) =>
        values.GroupBy(v => v).ToDictionary(g => g.Key, g => (long)g.Count());

    [Fact]
    public void Nearest_rank_of_an_even_count_takes_the_lower_middle() => Assert.Equal(20, Percentiles.Of(Histogram(40, 10, 30, 20), 0.5));

    [Fact]
    public void Nearest_rank_of_an_odd_count_is_the_middle() => Assert.Equal(30, Percentiles.Of(Histogram(90, 10, 30), 0.5));

    [Fact]
    public void High_percentiles_of_ten_values()
    {
        var h = Histogram(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
        Assert.Equal(9, Percentiles.Of(h, 0.9));   // rank 9
        Assert.Equal(10, Percentiles.Of(h, 0.99)); // rank ceil(9.9) = 10
        Assert.Equal(1, Percentiles.Of(h, 0.01));  // rank at least 1
    }

    [Fact]
    public void Counts_weigh_buckets() => Assert.Equal(60, Percentiles.Of(new Dictionary<int, long> { [30] = 4, [60] = 5, [600] = 1 }, 0.5));

    [Fact]
    public void No_values_have_no_percentile() => Assert.Null(Percentiles.Of(new Dictionary<int, long>(), 0.5));

    [Fact]
    public void A_percentile_is_a_fraction() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Percentiles.Of(Histogram(1), 50));

    [Fact]
    public void Below_counts_values_under_an_edge() => Assert.Equal(3, Percentiles.Below(Histogram(0, 59, 240, 300, 3600), 300));
}

public class PeriodSlicesTests
{
    private static DateOnly D(int y, int m, int d) => new(y, m, d);

    [Fact]
    public void No_dates_read_every_year_cell() =>
        Assert.Equal([new PeriodSlice(Grain.Year, DateOnly.MinValue, DateOnly.MaxValue)], PeriodSlices.Split(null, null));

    [Fact]
    public void Days_inside_one_month_are_read_day_by_day() =>
        Assert.Equal([new PeriodSlice(Grain.Day, D(2026, 11, 3), D(2026, 11, 21))], PeriodSlices.Split(D(2026, 11, 3), D(2026, 11, 20)));

    [Fact]
    public void Whole_months_come_from_month_cells_and_the_ends_from_day_cells() =>
        Assert.Equal(
        [
            new PeriodSlice(Grain.Day, D(2026, 1, 15), D(2026, 2, 1)),
            new PeriodSlice(Grain.Month, D(2026, 2, 1), D(2026, 11, 1)),
            new PeriodSlice(Grain.Day, D(2026, 11, 1), D(2026, 11, 11)),
        ], PeriodSlices.Split(D(2026, 1, 15), D(2026, 11, 10)));

    [Fact]
    public void Whole_years_come_from_year_cells() =>
        Assert.Equal(
        [
            new PeriodSlice(Grain.Day, D(2023, 11, 24), D(2023, 12, 1)),
            new PeriodSlice(Grain.Month, D(2023, 12, 1), D(2024, 1, 1)),
            new PeriodSlice(Grain.Year, D(2024, 1, 1), D(2026, 1, 1)),
            new PeriodSlice(Grain.Month, D(2026, 1, 1), D(2026, 11, 1)),
            new PeriodSlice(Grain.Day, D(2026, 11, 1), D(2026, 11, 24)),
        ], PeriodSlices.Split(D(2023, 11, 24), D(2026, 11, 23)));

    [Fact]
    public void A_range_of_whole_months_needs_no_day_cells() =>
        Assert.Equal([new PeriodSlice(Grain.Month, D(2026, 1, 1), D(2026, 4, 1))], PeriodSlices.Split(D(2026, 1, 1), D(2026, 3, 31)));

    [Fact]
    public void One_whole_month_on_its_own() =>
        Assert.Equal([new PeriodSlice(Grain.Month, D(2026, 2, 1), D(2026, 3, 1))], PeriodSlices.Split(D(2026, 2, 1), D(2026, 2, 28)));

    [Fact]
    public void An_open_end_runs_on_in_years() =>
        Assert.Equal(
        [
            new PeriodSlice(Grain.Day, D(2026, 11, 20), D(2026, 12, 1)),
            new PeriodSlice(Grain.Month, D(2026, 12, 1), D(2027, 1, 1)),
            new PeriodSlice(Grain.Year, D(2027, 1, 1), DateOnly.MaxValue),
        ], PeriodSlices.Split(D(2026, 11, 20), null));

    [Fact]
    public void An_open_start_runs_back_in_years() =>
        Assert.Equal(
        [
            new PeriodSlice(Grain.Year, DateOnly.MinValue, D(2026, 1, 1)),
            new PeriodSlice(Grain.Month, D(2026, 1, 1), D(2026, 11, 1)),
            new PeriodSlice(Grain.Day, D(2026, 11, 1), D(2026, 11, 6)),
        ], PeriodSlices.Split(null, D(2026, 11, 5)));

    [Fact]
    public void Every_day_is_covered_exactly_once()
    {
        var random = new Random(11);
        for (var i = 0; i < 500; i++)
        {
            var from = D(2025, 1, 1).AddDays(random.Next(0, 700));
            var to = from.AddDays(random.Next(0, 1200));
            var slices = PeriodSlices.Split(from, to);
            for (var day = from.AddDays(-40); day <= to.AddDays(40); day = day.AddDays(1))
            {
                var covering = slices.Count(s => PeriodSlices.PeriodOf(day, s.Grain) >= s.From && PeriodSlices.PeriodOf(day, s.Grain) < s.ToExclusive);
                Assert.Equal(day >= from && day <= to ? 1 : 0, covering);
            }
        }
    }
}
