namespace Smarketing.Pipeline.Bench.Reporting;

/// <summary>Latency figures in milliseconds over one set of samples; percentiles by nearest rank, so each is a real sample.</summary>
public sealed record LatencyStats(int Count, double P50, double P90, double P99, double Max, double Mean)
{
    public static LatencyStats Empty { get; } = new(0, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN);

    public static LatencyStats From(IEnumerable<double> samplesMs)
    {
        var sorted = samplesMs.Where(double.IsFinite).ToArray();
        if (sorted.Length == 0) return Empty;
        Array.Sort(sorted);
        return new LatencyStats(sorted.Length, Percentile(sorted, 0.50), Percentile(sorted, 0.90), Percentile(sorted, 0.99),
            sorted[^1], sorted.Average());
    }

    /// <summary>The smallest sample with at least <paramref name="fraction"/> of all samples at or below it.</summary>
    public static double Percentile(IReadOnlyList<double> sorted, double fraction)
    {
        if (sorted.Count == 0) return double.NaN;
        if (fraction is < 0 or > 1) throw new ArgumentOutOfRangeException(nameof(fraction));
        var rank = (int)Math.Ceiling(fraction * sorted.Count);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
    }
}
