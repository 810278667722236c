namespace Smarketing.AppHost.Dashboard.Telemetry;

/// <summary>Percentiles estimated from explicit-bucket counts, the way Prometheus' histogram_quantile does.</summary>
public static class HistogramMath
{
    /// <summary>
    /// The <paramref name="quantile"/> (0..1) of observations counted in buckets given by their upper bounds
    /// (ascending, the last may be +Inf), interpolating linearly inside the bucket the rank falls in. The first
    /// bucket is taken to start at 0 (durations and sizes are not negative); the +Inf bucket answers with the
    /// highest finite bound, or with <paramref name="mean"/> when there is none. Null when nothing was observed.
    /// </summary>
    public static double? Quantile(IReadOnlyList<(double UpperBound, double Count)> buckets, double quantile, double mean = 0)
    {
        var total = buckets.Sum(b => b.Count);
        if (total <= 0) return null;
        var rank = quantile * total;
        var below = 0.0;
        double? previousBound = null;
        foreach (var (upper, count) in buckets)
        {
            if (count > 0 && below + count >= rank)
            {
                if (double.IsPositiveInfinity(upper)) return previousBound ?? mean;
                var lower = previousBound ?? Math.Min(0, upper);
                return lower + (upper - lower) * Math.Clamp((rank - below) / count, 0, 1);
            }
            below += count;
            if (!double.IsPositiveInfinity(upper)) previousBound = upper;
        }
        return previousBound ?? mean;
    }
}
