namespace Smarketing.Reporting.Domain;

public enum Grain : short { Day = 1, Month = 2 }

/// <summary>A half-open range of aggregate periods of one grain: [From, ToExclusive).</summary>
public sealed record PeriodSlice(Grain Grain, DateOnly From, DateOnly ToExclusive);

/// <summary>
/// Splits a report's days into whole months (read from the month aggregates) and the partial months at either end
/// (read day by day), so a year-long report reads a dozen month rows instead of 365 day rows per key.
/// </summary>
public static class PeriodSlices
{
    public static IReadOnlyList<PeriodSlice> Split(DateOnly? from, DateOnly? to)
    {
        var start = from ?? DateOnly.MinValue;
        var end = to is { } t ? (t == DateOnly.MaxValue ? t : t.AddDays(1)) : DateOnly.MaxValue;
        if (start >= end) return [];
        var firstWholeMonth = start.Day == 1 ? start : FirstOfNextMonth(start);
        var endOfWholeMonths = end == DateOnly.MaxValue ? end : new DateOnly(end.Year, end.Month, 1);
        if (firstWholeMonth >= endOfWholeMonths) return [new PeriodSlice(Grain.Day, start, end)];

        var slices = new List<PeriodSlice>(3);
        if (start < firstWholeMonth) slices.Add(new PeriodSlice(Grain.Day, start, firstWholeMonth));
        slices.Add(new PeriodSlice(Grain.Month, firstWholeMonth, endOfWholeMonths));
        if (endOfWholeMonths < end) slices.Add(new PeriodSlice(Grain.Day, endOfWholeMonths, end));
        return slices;
    }

    public static DateOnly MonthOf(DateOnly day) => new(day.Year, day.Month, 1);

    private static DateOnly FirstOfNextMonth(DateOnly day) =>
        day.Year == 9999 && day.Month == 12 ? DateOnly.MaxValue : new DateOnly(day.Year, day.Month, 1).AddMonths(1);
}
