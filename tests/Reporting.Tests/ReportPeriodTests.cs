using Smarketing.Reporting.Domain;

namespace Smarketing.Reporting.Tests;

public class ReportPeriodTests
{
    [Fact]
    public void Jakarta_days_start_at_17_00_utc_the_day_before()
    {
        var period = new ReportPeriod(new DateOnly(2026, 11, 20), new DateOnly(2026, 11, 22));

        var (from, to) = period.ToUtcBounds(ReportPeriod.Jakarta);

        Assert.Equal(new DateTime(2026, 11, 19, 17, 0, 0, DateTimeKind.Utc), from);
        Assert.Equal(new DateTime(2026, 11, 22, 17, 0, 0, DateTimeKind.Utc), to);
        Assert.Equal(DateTimeKind.Utc, from!.Value.Kind);
    }

    [Fact]
    public void A_lead_at_23_30_wib_counts_on_that_day_and_not_the_next()
    {
        var received = new DateTime(2026, 11, 20, 16, 30, 0, DateTimeKind.Utc);
        var (from, to) = new ReportPeriod(new DateOnly(2026, 11, 20), new DateOnly(2026, 11, 20)).ToUtcBounds(ReportPeriod.Jakarta);
        Assert.True(received >= from && received < to);

        var (nextFrom, _) = new ReportPeriod(new DateOnly(2026, 11, 21), null).ToUtcBounds(ReportPeriod.Jakarta);
        Assert.True(received < nextFrom);
    }

    [Fact]
    public void Missing_dates_are_unbounded()
    {
        var (from, to) = new ReportPeriod(null, null).ToUtcBounds(ReportPeriod.Jakarta);
        Assert.Null(from);
        Assert.Null(to);
    }

    [Fact]
    public void Parses_iso_dates()
    {
        var errors = new Dictionary<string, string[]>();
        var period = ReportPeriod.Parse("2026-11-01", "2026-11-30", errors);
        Assert.Empty(errors);
        Assert.Equal(new ReportPeriod(new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 30)), period);
    }

    [Theory]
    [InlineData("20-11-2026", null, "from")]
    [InlineData(null, "2026-13-01", "to")]
    [InlineData("2026-11-30", "2026-11-01", "to")]
    public void Reports_each_bad_date_on_its_field(string? from, string? to, string field)
    {
        var errors = new Dictionary<string, string[]>();
        Assert.Null(ReportPeriod.Parse(from, to, errors));
        Assert.Equal([field], errors.Keys);
    }
}
