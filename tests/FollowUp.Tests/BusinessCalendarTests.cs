using Smarketing.FollowUp.Domain;

namespace Smarketing.FollowUp.Tests;

public class BusinessCalendarTests
{
    private static readonly BusinessCalendar Jakarta = BusinessCalendar.Jakarta;

    [Fact]
    public void Fifteen_business_minutes_from_ten_on_a_monday_is_a_quarter_past_ten()
    {
        var due = Jakarta.AddBusinessTime(Wib.Monday(10), TimeSpan.FromMinutes(15));

        Assert.Equal(Wib.Monday(10, 15), due);
        Assert.Equal(new DateTime(2026, 11, 23, 3, 15, 0, DateTimeKind.Utc), due);
    }

    [Fact]
    public void Fifteen_business_minutes_from_ten_to_five_on_a_friday_end_on_monday_morning()
    {
        var due = Jakarta.AddBusinessTime(Wib.Friday(16, 50), TimeSpan.FromMinutes(15));

        Assert.Equal(Wib.NextMonday(8, 5), due);
    }

    [Fact]
    public void Business_time_added_before_opening_counts_from_opening()
    {
        Assert.Equal(Wib.Monday(8, 15), Jakarta.AddBusinessTime(Wib.Monday(6), TimeSpan.FromMinutes(15)));
        Assert.Equal(Wib.Tuesday(8, 15), Jakarta.AddBusinessTime(Wib.Monday(17), TimeSpan.FromMinutes(15)));
        Assert.Equal(Wib.NextMonday(8, 15), Jakarta.AddBusinessTime(Wib.Saturday(11), TimeSpan.FromMinutes(15)));
    }

    [Fact]
    public void Business_time_longer_than_a_day_skips_nights_and_weekends()
    {
        // Friday 16:00 + 11 h: 1 h on Friday, 9 h on Monday, 1 h on Tuesday.
        Assert.Equal(Wib.NextTuesday(9), Jakarta.AddBusinessTime(Wib.Friday(16), TimeSpan.FromHours(11)));
    }

    [Fact]
    public void Business_time_that_ends_exactly_at_closing_stays_on_that_day()
    {
        Assert.Equal(Wib.Monday(17), Jakarta.AddBusinessTime(Wib.Monday(16, 45), TimeSpan.FromMinutes(15)));
    }

    [Fact]
    public void Next_open_is_the_instant_itself_within_hours_and_the_next_opening_outside()
    {
        Assert.Equal(Wib.Monday(10, 30), Jakarta.NextOpen(Wib.Monday(10, 30)));
        Assert.Equal(Wib.Monday(8), Jakarta.NextOpen(Wib.Monday(8)));
        Assert.Equal(Wib.Monday(8), Jakarta.NextOpen(Wib.Monday(7, 59)));
        Assert.Equal(Wib.Tuesday(8), Jakarta.NextOpen(Wib.Monday(17)));
        Assert.Equal(Wib.NextMonday(8), Jakarta.NextOpen(Wib.Friday(17)));
        Assert.Equal(Wib.NextMonday(8), Jakarta.NextOpen(Wib.Saturday(12)));
    }

    [Fact]
    public void Instants_are_read_and_returned_as_utc_with_jakarta_at_plus_seven()
    {
        // Sunday 23:30 UTC is already Monday 06:30 in Jakarta: the next opening is Monday 08:00 WIB, 01:00 UTC.
        var sundayNightUtc = new DateTime(2026, 11, 22, 23, 30, 0, DateTimeKind.Utc);
        var open = Jakarta.NextOpen(sundayNightUtc);

        Assert.Equal(new DateTime(2026, 11, 23, 1, 0, 0, DateTimeKind.Utc), open);
        Assert.Equal(DateTimeKind.Utc, open.Kind);
        Assert.Equal(DateTimeKind.Utc, Jakarta.AddBusinessTime(sundayNightUtc, TimeSpan.FromHours(1)).Kind);
        Assert.Equal(DateTimeKind.Utc, Jakarta.AddBusinessDays(sundayNightUtc, 1).Kind);

        // Monday 10:30 UTC is 17:30 WIB, after closing.
        Assert.Equal(new DateTime(2026, 11, 24, 1, 0, 0, DateTimeKind.Utc),
            Jakarta.NextOpen(new DateTime(2026, 11, 23, 10, 30, 0, DateTimeKind.Utc)));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(7)]
    [InlineData(10)]
    public void Jakarta_has_no_daylight_saving_so_opening_is_01_00_utc_all_year(int month)
    {
        // The first Monday of the month at 00:00 UTC (07:00 WIB) opens an hour later.
        var monday = Enumerable.Range(1, 7).Select(d => new DateTime(2026, month, d, 0, 0, 0, DateTimeKind.Utc))
            .First(d => d.DayOfWeek == DayOfWeek.Monday);

        Assert.Equal(monday.AddHours(1), Jakarta.NextOpen(monday));
    }

    [Fact]
    public void A_business_day_later_is_the_same_time_on_the_next_working_day()
    {
        Assert.Equal(Wib.Wednesday(10), Jakarta.AddBusinessDays(Wib.Tuesday(10), 1));
        Assert.Equal(Wib.NextMonday(10), Jakarta.AddBusinessDays(Wib.Friday(10), 1));
        Assert.Equal(Wib.NextTuesday(10), Jakarta.AddBusinessDays(Wib.Friday(10), 2));
    }
}
