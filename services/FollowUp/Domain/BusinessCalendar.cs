namespace Smarketing.FollowUp.Domain;

/// <summary>
/// When a rep works, in their local time: opening hours on working days. Due times are computed in local
/// time (Asia/Jakarta unless the lead or rep says otherwise) and stored in UTC.
/// </summary>
public sealed class BusinessCalendar(TimeZoneInfo zone, TimeOnly opens, TimeOnly closes, IReadOnlySet<DayOfWeek> workdays)
{
    public static readonly IReadOnlySet<DayOfWeek> MondayToFriday = new HashSet<DayOfWeek>
    {
        DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday,
    };

    public static BusinessCalendar Jakarta { get; } =
        new(TimeZoneInfo.FindSystemTimeZoneById("Asia/Jakarta"), new TimeOnly(8, 0), new TimeOnly(17, 0), MondayToFriday);

    public TimeZoneInfo Zone => zone;

    /// <summary>The instant itself when it is within business hours, otherwise the next opening.</summary>
    public DateTime NextOpen(DateTime utc)
    {
        var local = ToLocal(utc);
        while (true)
        {
            if (workdays.Contains(local.DayOfWeek))
            {
                var open = local.Date + opens.ToTimeSpan();
                var close = local.Date + closes.ToTimeSpan();
                if (local < open) return ToUtc(open);
                if (local < close) return ToUtc(local);
            }
            local = local.Date.AddDays(1);
        }
    }

    /// <summary>Adds working time only: 15 minutes at 16:50 on a Friday ends at 08:05 on Monday.</summary>
    public DateTime AddBusinessTime(DateTime utc, TimeSpan duration)
    {
        var local = ToLocal(NextOpen(utc));
        var left = duration;
        while (true)
        {
            var close = local.Date + closes.ToTimeSpan();
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
            if (workdays.Contains(date.DayOfWeek)) added++;
        }
        return NextOpen(ToUtc(date + local.TimeOfDay));
    }

    private DateTime ToLocal(DateTime utc) => TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), zone);

    private DateTime ToUtc(DateTime local) => TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), zone);
}
