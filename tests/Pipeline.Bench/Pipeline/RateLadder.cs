namespace Smarketing.Pipeline.Bench.Pipeline;

public sealed record PlannedStep(double Rate, string Purpose);

public sealed record StepOutcome(double Rate, bool Sustained);

/// <summary>
/// Which rate to offer next: up the ladder until the first step the platform does not hold; then (when refining) once
/// halfway between the highest held rate and the first one missed; then half of the highest held rate, for the latency
/// target, unless a step at that rate ran already. When even the lowest rung is missed, it halves the rate until one holds
/// (down to <see cref="MinRate"/> lead a second), so a slow platform still gets a held rate and a latency at half of it.
/// Without <paramref name="half"/>, it stops at the highest held rate (the latency target is only asked of single leads).
/// </summary>
public sealed class RateLadder(IReadOnlyList<double> rungs, bool refine, bool half = true)
{
    public const string Climb = "ladder";
    public const string Refine = "refine";
    public const string Half = "half of highest held";
    public const string Descend = "below the ladder";
    public const double MinRate = 1;

    public PlannedStep? Next(IReadOnlyList<StepOutcome> done)
    {
        var firstMiss = done.FirstOrDefault(d => !d.Sustained);
        if (firstMiss is null && done.Count < rungs.Count) return new PlannedStep(rungs[done.Count], Climb);

        var held = Highest(done);
        if (held is null)
        {
            // Not even the lowest rung: halve it until something holds, down to one lead a second.
            var lowest = done.Min(d => d.Rate);
            var lower = Math.Round(lowest / 2, 1, MidpointRounding.AwayFromZero);
            return lower >= MinRate ? new PlannedStep(lower, Descend) : null;
        }
        // One refinement, straight after the first miss.
        if (refine && firstMiss is not null && ReferenceEquals(done[^1], firstMiss) && firstMiss.Rate > held)
        {
            var between = Math.Round((held.Value + firstMiss.Rate) / 2, MidpointRounding.AwayFromZero);
            if (between > held && between < firstMiss.Rate) return new PlannedStep(between, Refine);
        }

        if (!half) return null;
        var halfRate = Math.Round(held.Value / 2, 1, MidpointRounding.AwayFromZero);
        if (halfRate >= 0.5 && !done.Any(d => Math.Abs(d.Rate - halfRate) <= halfRate * 0.01)) return new PlannedStep(halfRate, Half);
        return null;
    }

    public static double? Highest(IEnumerable<StepOutcome> done) =>
        done.Where(d => d.Sustained).Select(d => (double?)d.Rate).Max();
}
