namespace Smarketing.Assignment.Domain;

/// <summary>A rep as the round robin sees them: how much of the flow they should get, and how full they are.</summary>
public sealed record RepSlot(Guid RepId, int Weight, int Capacity, int Load, long CurrentWeight)
{
    public bool HasRoom => Load < Capacity && Weight > 0;
}

public sealed record RoundRobinPick(Guid? RepId, IReadOnlyDictionary<Guid, long> CurrentWeights);

/// <summary>
/// Smooth weighted round robin (the nginx algorithm): over any window each rep with room gets leads in
/// proportion to their weight, interleaved rather than in bursts. A rep at capacity is skipped and keeps
/// their position; when nobody has room the result is no rep, and the caller queues the lead.
/// </summary>
public static class WeightedRoundRobin
{
    public static RoundRobinPick Pick(IReadOnlyList<RepSlot> pool)
    {
        var weights = pool.ToDictionary(r => r.RepId, r => r.CurrentWeight);
        var eligible = pool.Where(r => r.HasRoom).OrderBy(r => r.RepId).ToList();
        if (eligible.Count == 0) return new RoundRobinPick(null, weights);

        long total = 0;
        RepSlot? best = null;
        foreach (var rep in eligible)
        {
            weights[rep.RepId] += rep.Weight;
            total += rep.Weight;
            if (best is null || weights[rep.RepId] > weights[best.RepId]) best = rep;
        }
        weights[best!.RepId] -= total;
        return new RoundRobinPick(best.RepId, weights);
    }
}
