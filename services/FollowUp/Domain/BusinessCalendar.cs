namespace Smarketing.FollowUp.Domain;

/// <summary>
/// When the lead can be reached, in the lead's local time (WIB, WITA or WIT): opening hours on working days
/// that are not public holidays. Due times are computed in local time and stored in UTC.
/// </summary>
public sealed class BusinessCalendar(TimeZoneInfo zone, TimeSpan opens, TimeSpan closes, IReadOnlySet<DayOfWeek> workdays,
    IReadOnlySet<DateOnly>? holidays = null)
{
    private readonly IReadOnlySet<DateOnly> _holidays = holidays ?? new HashSet<DateOnly>();

    public BusinessCalendar(TimeZoneInfo zone, TimeOnly opens, TimeOnly closes, IReadOnlySet<DayOfWeek> workdays, IReadOnlySet<DateOnly>? holidays = null)
        : this(zone, opens.ToTimeSpan(), closes.ToTimeSpan(), workdays, holidays)
    {
    }

    public static BusinessCalendar From(BusinessHours hours, TimeZoneInfo zone, IReadOnlySet<DateOnly> holidays)
    {
        if (!TryParseHours(hours.Start, hours.End, out var opens, out var closes))
            throw new ArgumentException($"Invalid business hours {hours.Start}-{hours.End}.", nameof(hours));
        var days = hours.Days.Select(d => Enum.Parse<DayOfWeek>(d, ignoreCase: true)).ToHashSet();
        return new BusinessCalendar(zone, opens, closes, days, holidays);
    }

    /// <summary>"08:00" to "17:00"; "24:00" means the end of the day, so "00:00"–"24:00" is always open.</summary>
    public static bool TryParseHours(string? start, string? end, out TimeSpan opens, out TimeSpan closes)
    {
        opens = closes = default;
        if (start is null || end is null) return false;
        if (!TimeOnly.TryParseExact(start, "HH:mm", out var s)) return false;
        if (end == "24:00") closes = TimeSpan.FromDays(1);
        else if (TimeOnly.TryParseExact(end, "HH:mm", out var e)) closes = e.ToTimeSpan();
        else return false;
        opens = s.ToTimeSpan();
        return closes > opens;
    }

    public static TimeZoneInfo ZoneOrDefault(string? id) =>
        id is not null && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : TimeZoneInfo.FindSystemTimeZoneById("Asia/Jakarta");

    private bool IsWorkingDay(DateTime localDate) =>
        workdays.Contains(localDate.DayOfWeek) && !_holidays.Contains(DateOnly.FromDateTime(localDate));

    public static readonly IReadOnlySet<DayOfWeek> MondayToFriday = new HashSet<DayOfWeek>
    {
        DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday,
    };

    public static BusinessCalendar Jakarta { get; } =
        new(TimeZoneInfo.FindSystemTimeZoneById("Asia/Jakarta"), new TimeOnly(8, 0), new TimeOnly(17, 0), MondayToFriday);

    /// <summary>Guards the loops below: a calendar with no working day in two years is a configuration error.</summary>
    private const int MaxDaysSearched = 800;

    public TimeZoneInfo Zone => zone;

    /// <summary>The instant itself when it is within business hours, otherwise the next opening.</summary>
    public DateTime NextOpen(DateTime utc)
    {
        var local = ToLocal(utc);
        for (var day = 0; day < MaxDaysSearched; day++)
        {
            if (IsWorkingDay(local.Date))
            {
                var open = local.Date + opens;
                var close = local.Date + closes;
                if (local < open) return ToUtc(open);
                if (local < close) return ToUtc(local);
            }
            local = local.Date.AddDays(1);
        }
        throw new InvalidOperationException("The business calendar has no working day in the next two years.");
    }

    /// <summary>Adds working time only: 15 minutes at 16:50 on a Friday ends at 08:05 on Monday.</summary>
    public DateTime AddBusinessTime(DateTime utc, TimeSpan duration)
    {
        var local = ToLocal(NextOpen(utc));
        var left = duration;
        while (true)
        {
            var close = local.Date + closes;
            var available = close - local;
            if (left <= available) return ToUtc(local + left);
            left -= available;
            local = ToLocal(NextOpen(ToUtc(close)));
        }
    }

    /// <summary>The same local time <paramref name="days"/> working days after the next opening, moved into business hours.</summary>
    public DateTime AddBusinessDays(DateTime utc, int days)
    {
        // Count from the next opening: a lead assigned on Saturday gets Monday as its whole working day.
        var local = ToLocal(NextOpen(utc));
        var date = local.Date;
        for (var added = 0; added < days;)
        {
            date = date.AddDays(1);
            if (IsWorkingDay(date)) added++;
        }
        return NextOpen(ToUtc(date + local.TimeOfDay));
    }

    private DateTime ToLocal(DateTime utc) => TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), zone);

    private DateTime ToUtc(DateTime local) => TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), zone);
}
