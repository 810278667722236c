namespace Smarketing.FollowUp.Tests;

/// <summary>Writes Jakarta wall-clock times (UTC+7 all year, no daylight saving) as the UTC instants the domain takes and returns.</summary>
internal static class Wib
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(7);

    public static DateTime At(int year, int month, int day, int hour, int minute = 0) =>
        DateTime.SpecifyKind(new DateTime(year, month, day, hour, minute, 0) - Offset, DateTimeKind.Utc);

    public static DateTime Local(DateTime utc) => utc + Offset;

    /// <summary>Mon–Fri, 08:00 to 17:00 inclusive (a deadline may fall on the closing minute).</summary>
    public static bool InBusinessHours(DateTime utc)
    {
        var local = Local(utc);
        var time = TimeOnly.FromDateTime(local);
        return local.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday)
               && time >= new TimeOnly(8, 0) && time <= new TimeOnly(17, 0);
    }

    // 23–29 November 2026: Monday to Sunday.
    public static DateTime Monday(int hour, int minute = 0) => At(2026, 11, 23, hour, minute);
    public static DateTime Tuesday(int hour, int minute = 0) => At(2026, 11, 24, hour, minute);
    public static DateTime Wednesday(int hour, int minute = 0) => At(2026, 11, 25, hour, minute);
    public static DateTime Friday(int hour, int minute = 0) => At(2026, 11, 27, hour, minute);
    public static DateTime Saturday(int hour, int minute = 0) => At(2026, 11, 28, hour, minute);
    public static DateTime NextMonday(int hour, int minute = 0) => At(2026, 11, 30, hour, minute);
    public static DateTime NextTuesday(int hour, int minute = 0) => At(2026, 12, 1, hour, minute);

    /// <summary>Every half hour of the week of 23 November 2026, Monday 00:00 to Sunday 23:30 local.</summary>
    public static IEnumerable<DateTime> EveryHalfHourOfAWeek() =>
        Enumerable.Range(0, 7 * 48).Select(i => Monday(0).AddMinutes(30 * i));
}
