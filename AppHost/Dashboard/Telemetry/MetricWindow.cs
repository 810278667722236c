namespace Smarketing.AppHost.Dashboard.Telemetry;

/// <summary>
/// Turns the samples of many series (instances × attribute sets) into one chart: fixed steps ending at the
/// step boundary after "now". A sample spanning several steps (a counter exported once a minute) is spread
/// over them in proportion to the overlap, so the rate stays honest whatever the export interval.
/// </summary>
internal sealed class MetricWindow
{
    private readonly DateTime _start;
    private readonly TimeSpan _step;
    private readonly int _steps;

    public MetricWindow(DateTime now, int minutes, int stepSeconds)
    {
        _step = TimeSpan.FromSeconds(stepSeconds);
        var end = new DateTime((now.Ticks + _step.Ticks - 1) / _step.Ticks * _step.Ticks, DateTimeKind.Utc);
        _steps = (int)Math.Ceiling(minutes * 60.0 / stepSeconds);
        _start = end - _step * _steps;
    }

    /// <summary>Counters: increase per second in each step, summed over series; steps from the first to the last with data.</summary>
    public List<MetricPointView> Rates(IEnumerable<MetricSeries> series)
    {
        var increase = new double[_steps];
        var covered = new bool[_steps];
        foreach (var sample in series.SelectMany(s => s.Samples))
            Spread(sample, (i, share) => { increase[i] += sample.Value * share; covered[i] = true; });
        return Covered(covered).Select(i => new MetricPointView(StepTime(i), increase[i] / _step.TotalSeconds)).ToList();
    }

    /// <summary>Gauges: each series' latest value in the step, summed over series; only steps with a value.</summary>
    public List<MetricPointView> Latest(IEnumerable<MetricSeries> series)
    {
        var sum = new double[_steps];
        var seen = new bool[_steps];
        foreach (var one in series)
        {
            var latest = new Dictionary<int, MetricSample>();
            foreach (var sample in one.Samples)
            {
                if (Index(sample.To) is { } i && (!latest.TryGetValue(i, out var kept) || kept.To <= sample.To)) latest[i] = sample;
            }
            foreach (var (i, sample) in latest)
            {
                sum[i] += sample.Value;
                seen[i] = true;
            }
        }
        return Enumerable.Range(0, _steps).Where(i => seen[i]).Select(i => new MetricPointView(StepTime(i), sum[i])).ToList();
    }

    /// <summary>Histograms: p50/p90/p99 of the observations in each step (value = p90) and their count per second.</summary>
    public List<MetricPointView> Percentiles(IEnumerable<MetricSeries> series)
    {
        var count = new double[_steps];
        var sum = new double[_steps];
        var buckets = new SortedDictionary<double, double>?[_steps];
        foreach (var sample in series.SelectMany(s => s.Samples))
        {
            if (sample.Buckets is not { } observed) continue;
            Spread(sample, (i, share) =>
            {
                count[i] += sample.Value * share;
                sum[i] += observed.Sum * share;
                var merged = buckets[i] ??= [];
                for (var b = 0; b < observed.Counts.Length; b++)
                {
                    var upper = b < observed.Bounds.Length ? observed.Bounds[b] : double.PositiveInfinity;
                    merged[upper] = merged.GetValueOrDefault(upper) + observed.Counts[b] * share;
                }
            });
        }
        var points = new List<MetricPointView>();
        for (var i = 0; i < _steps; i++)
        {
            if (count[i] <= 0 || buckets[i] is not { } merged) continue;
            var ordered = merged.Select(kv => (kv.Key, kv.Value)).ToList();
            var mean = sum[i] / count[i];
            double Quantile(double q) => HistogramMath.Quantile(ordered, q, mean) ?? 0;
            points.Add(new MetricPointView(StepTime(i), Quantile(0.9), Quantile(0.5), Quantile(0.99), count[i] / _step.TotalSeconds));
        }
        return points;
    }

    private void Spread(MetricSample sample, Action<int, double> add)
    {
        if (sample.To <= sample.From)
        {
            if (Index(sample.To) is { } i) add(i, 1);
            return;
        }
        var length = (sample.To - sample.From).Ticks;
        var first = (int)Math.Clamp((sample.From - _start).Ticks / _step.Ticks, 0, _steps);
        for (var i = first; i < _steps; i++)
        {
            var stepStart = StepTime(i);
            if (stepStart >= sample.To) break;
            var overlap = (Min(sample.To, stepStart + _step) - Max(sample.From, stepStart)).Ticks;
            if (overlap > 0) add(i, (double)overlap / length);
        }
    }

    private IEnumerable<int> Covered(bool[] covered)
    {
        var first = Array.IndexOf(covered, true);
        var last = Array.LastIndexOf(covered, true);
        return first < 0 ? [] : Enumerable.Range(first, last - first + 1);
    }

    /// <summary>The step holding an instant; one exactly at the window's end still counts in the last step.</summary>
    private int? Index(DateTime at)
    {
        if (at < _start) return null;
        var i = (int)Math.Min((at - _start).Ticks / _step.Ticks, int.MaxValue);
        return i < _steps ? i : at == _start + _step * _steps ? _steps - 1 : null;
    }

    private DateTime StepTime(int i) => _start + _step * i;

    private static DateTime Min(DateTime a, DateTime b) => a < b ? a : b;

    private static DateTime Max(DateTime a, DateTime b) => a > b ? a : b;
}
