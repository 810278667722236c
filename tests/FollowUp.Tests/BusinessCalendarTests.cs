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

public class HolidayAndTimeZoneTests
{
    private static readonly BusinessHours OfficeHours = new("08:00", "17:00", ["monday", "tuesday", "wednesday", "thursday", "friday"]);

    [Fact]
    public void A_public_holiday_is_skipped_like_a_weekend()
    {
        var holidays = new HashSet<DateOnly> { new(2026, 11, 24) }; // the Tuesday
        var calendar = BusinessCalendar.From(OfficeHours, TimeZoneInfo.FindSystemTimeZoneById("Asia/Jakarta"), holidays);

        Assert.Equal(Wib.Wednesday(8), calendar.NextOpen(Wib.Tuesday(10)));
        Assert.Equal(Wib.Wednesday(8, 30), calendar.AddBusinessTime(Wib.Monday(16, 45), TimeSpan.FromMinutes(45)));
        Assert.Equal(Wib.Wednesday(10), calendar.AddBusinessDays(Wib.Monday(10), 1));
    }

    [Fact]
    public void The_same_business_hours_fall_an_hour_earlier_in_utc_for_a_wita_lead_and_two_for_wit()
    {
        var wib = BusinessCalendar.From(OfficeHours, TimeZoneInfo.FindSystemTimeZoneById("Asia/Jakarta"), new HashSet<DateOnly>());
        var wita = BusinessCalendar.From(OfficeHours, TimeZoneInfo.FindSystemTimeZoneById("Asia/Makassar"), new HashSet<DateOnly>());
        var wit = BusinessCalendar.From(OfficeHours, TimeZoneInfo.FindSystemTimeZoneById("Asia/Jayapura"), new HashSet<DateOnly>());
        var sundayNightUtc = new DateTime(2026, 11, 29, 20, 0, 0, DateTimeKind.Utc); // Monday 03:00 WIB

        Assert.Equal(new DateTime(2026, 11, 30, 1, 0, 0, DateTimeKind.Utc), wib.NextOpen(sundayNightUtc));
        Assert.Equal(new DateTime(2026, 11, 30, 0, 0, 0, DateTimeKind.Utc), wita.NextOpen(sundayNightUtc));
        Assert.Equal(new DateTime(2026, 11, 29, 23, 0, 0, DateTimeKind.Utc), wit.NextOpen(sundayNightUtc));
    }

    [Fact]
    public void Friday_afternoon_in_wit_is_already_after_closing_when_jakarta_still_works()
    {
        var wit = BusinessCalendar.From(OfficeHours, TimeZoneInfo.FindSystemTimeZoneById("Asia/Jayapura"), new HashSet<DateOnly>());

        // 16:00 WIB on Friday is 18:00 WIT: the next opening is Monday 08:00 WIT (06:00 WIB).
        Assert.Equal(Wib.NextMonday(6), wit.NextOpen(Wib.Friday(16)));
    }

    [Fact]
    public void Round_the_clock_hours_never_wait()
    {
        var always = BusinessCalendar.From(new BusinessHours("00:00", "24:00",
            ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]), TimeZoneInfo.Utc, new HashSet<DateOnly>());
        var at = new DateTime(2026, 11, 28, 23, 59, 0, DateTimeKind.Utc);

        Assert.Equal(at, always.NextOpen(at));
        Assert.Equal(at.AddMinutes(10), always.AddBusinessTime(at, TimeSpan.FromMinutes(10)));
    }
}
