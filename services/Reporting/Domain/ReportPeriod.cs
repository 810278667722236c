using System.Globalization;

namespace Smarketing.Reporting.Domain;

/// <summary>
/// A report's date range. Dates are calendar days in the business's time zone (Asia/Jakarta), so a lead
/// received at 23:30 WIB counts on that day even though it is 16:30 UTC.
/// </summary>
public sealed record ReportPeriod(DateOnly? From, DateOnly? To)
{
    public static TimeZoneInfo Jakarta { get; } = TimeZoneInfo.FindSystemTimeZoneById("Asia/Jakarta");

    /// <summary>Inclusive start and exclusive end in UTC; a missing date leaves that side unbounded.</summary>
    public (DateTime? FromUtc, DateTime? ToUtcExclusive) ToUtcBounds(TimeZoneInfo zone) =>
        (From is { } from ? StartOfDayUtc(from, zone) : null,
         To is { } to ? StartOfDayUtc(to.AddDays(1), zone) : null);

    /// <summary>Parses optional yyyy-MM-dd query values, adding a per-field error for each that does not parse.</summary>
    public static ReportPeriod? Parse(string? from, string? to, IDictionary<string, string[]> errors)
    {
        var fromDate = ParseDate("from", from, errors);
        var toDate = ParseDate("to", to, errors);
        if (fromDate > toDate) errors["to"] = ["to must not be before from."];
        return errors.Count > 0 ? null : new ReportPeriod(fromDate, toDate);
    }

    private static DateOnly? ParseDate(string field, string? value, IDictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        if (DateOnly.TryParseExact(value.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)) return date;
        errors[field] = [$"{field} must be a date in the form YYYY-MM-DD."];
        return null;
    }

    private static DateTime StartOfDayUtc(DateOnly date, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTimeToUtc(date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified), zone);
}
