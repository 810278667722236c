namespace Smarketing.Reporting.Domain;

/// <summary>
/// Speed-to-lead histograms. A speed in whole seconds falls in a bucket named by its lower bound: exact to the second
/// under a minute, to the minute under an hour, to five minutes under a day, to the hour under 30 days, to the day
/// beyond. The 5-minute, 1-hour and 24-hour marks are bucket edges, so "touched within" shares are exact.
/// </summary>
public static class SpeedBuckets
{
    public const int Minute = 60;
    public const int Hour = 3600;
    public const int Day = 86_400;
    public const int ThirtyDays = 30 * Day;

    /// <summary>Whole seconds from <paramref name="from"/> to <paramref name="to"/>, at microsecond precision as stored; never negative.</summary>
    public static int Seconds(DateTime from, DateTime to)
    {
        var micros = ToMicros(to) - ToMicros(from);
        if (micros <= 0) return 0;
        return (int)Math.Min(int.MaxValue, micros / 1_000_000);
    }

    public static int Of(int seconds) => seconds switch
    {
        < 0 => 0,
        < Minute => seconds,
        < Hour => seconds - seconds % Minute,
        < Day => seconds - seconds % 300,
        < ThirtyDays => seconds - seconds % Hour,
        _ => seconds - seconds % Day,
    };

    /// <summary>The same rule in SQL, for recomputing histograms from the lead table; <paramref name="seconds"/> is an int expression.</summary>
    public static string Sql(string seconds) =>
        $"CASE WHEN {seconds} < {Minute} THEN {seconds} WHEN {seconds} < {Hour} THEN {seconds} - {seconds} % {Minute} " +
        $"WHEN {seconds} < {Day} THEN {seconds} - {seconds} % 300 WHEN {seconds} < {ThirtyDays} THEN {seconds} - {seconds} % {Hour} " +
        $"ELSE {seconds} - {seconds} % {Day} END";

    // PostgreSQL keeps microseconds: a time read back must land in the same bucket as the one that was added.
    private static long ToMicros(DateTime at) => at.Ticks / 10;
}

/// <summary>Nearest-rank percentiles over a histogram of bucket → count.</summary>
public static class Percentiles
{
    /// <summary>
    /// The smallest bucket at or below which at least <paramref name="p"/> of the values lie (nearest rank:
    /// rank = ceil(p·n), at least 1); null for no values.
    /// </summary>
    public static int? Of(IReadOnlyDictionary<int, long> histogram, double p)
    {
        if (p is <= 0 or > 1) throw new ArgumentOutOfRangeException(nameof(p), "A percentile is a fraction in (0, 1].");
        var total = histogram.Values.Sum();
        if (total <= 0) return null;
        var rank = Math.Max(1, (long)Math.Ceiling(p * total - 1e-9));
        long seen = 0;
        foreach (var (bucket, count) in histogram.Where(b => b.Value > 0).OrderBy(b => b.Key))
        {
            seen += count;
            if (seen >= rank) return bucket;
        }
        return null;
    }

    /// <summary>How many values lie below <paramref name="limitSeconds"/> (a bucket edge).</summary>
    public static long Below(IReadOnlyDictionary<int, long> histogram, int limitSeconds) =>
        histogram.Where(b => b.Key < limitSeconds).Sum(b => b.Value);
}
