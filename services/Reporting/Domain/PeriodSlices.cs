namespace Smarketing.Reporting.Domain;

public enum Grain : short { Day = 1, Month = 2, Year = 3 }

/// <summary>A half-open range of aggregate periods of one grain: [From, ToExclusive).</summary>
public sealed record PeriodSlice(Grain Grain, DateOnly From, DateOnly ToExclusive);

/// <summary>
/// Splits a report's days into whole years, whole months and single days, each read from the aggregates of that grain:
/// three years of history are three year rows per key, and only the partial months at the ends are read day by day.
/// </summary>
public static class PeriodSlices
{
    public static IReadOnlyList<PeriodSlice> Split(DateOnly? from, DateOnly? to)
    {
        var start = from ?? DateOnly.MinValue;
        var end = to is { } t ? (t == DateOnly.MaxValue ? t : t.AddDays(1)) : DateOnly.MaxValue;
        if (start >= end) return [];
        var slices = new List<PeriodSlice>(5);
        var firstWholeMonth = start.Day == 1 ? start : Next(start, Grain.Month);
        var endOfWholeMonths = end == DateOnly.MaxValue ? end : MonthOf(end);
        if (firstWholeMonth >= endOfWholeMonths) return [new PeriodSlice(Grain.Day, start, end)];

        if (start < firstWholeMonth) slices.Add(new PeriodSlice(Grain.Day, start, firstWholeMonth));
        var firstWholeYear = firstWholeMonth.Month == 1 ? firstWholeMonth : Next(firstWholeMonth, Grain.Year);
        var endOfWholeYears = endOfWholeMonths == DateOnly.MaxValue ? endOfWholeMonths : YearOf(endOfWholeMonths);
        if (firstWholeYear < endOfWholeYears)
        {
            if (firstWholeMonth < firstWholeYear) slices.Add(new PeriodSlice(Grain.Month, firstWholeMonth, firstWholeYear));
            slices.Add(new PeriodSlice(Grain.Year, firstWholeYear, endOfWholeYears));
            if (endOfWholeYears < endOfWholeMonths) slices.Add(new PeriodSlice(Grain.Month, endOfWholeYears, endOfWholeMonths));
        }
        else
        {
            slices.Add(new PeriodSlice(Grain.Month, firstWholeMonth, endOfWholeMonths));
        }
        if (endOfWholeMonths < end) slices.Add(new PeriodSlice(Grain.Day, endOfWholeMonths, end));
        return slices;
    }

    public static DateOnly MonthOf(DateOnly day) => new(day.Year, day.Month, 1);

    public static DateOnly YearOf(DateOnly day) => new(day.Year, 1, 1);

    /// <summary>The period of <paramref name="grain"/> a day counts in.</summary>
    public static DateOnly PeriodOf(DateOnly day, Grain grain) => grain switch
    {
        Grain.Day => day,
        Grain.Month => MonthOf(day),
        _ => YearOf(day),
    };

    private static DateOnly Next(DateOnly day, Grain grain)
    {
        if (day.Year == 9999 && (grain == Grain.Year || day.Month == 12)) return DateOnly.MaxValue;
        return grain == Grain.Month ? MonthOf(day).AddMonths(1) : YearOf(day).AddYears(1);
    }
}
