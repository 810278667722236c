using Microsoft.EntityFrameworkCore;
using Smarketing.ServiceDefaults.Data;

namespace Smarketing.Assignment.Data;

/// <summary>
/// The last word on capacity, in PostgreSQL: inside the transaction that gives reps new leads, every such transaction of
/// every replica queues on one transaction-level advisory lock, then counts the chosen reps' open leads. The Redis lock
/// and counters make picks fast and fair; this makes them safe even when that lock was lost (a holder paused past its
/// expiry, Redis restarted) or the counters drifted.
/// </summary>
public static class CapacityGuard
{
    private const long LockKey = 0x536D6B4361706163; // "SmkCapac"

    /// <summary>The reps who would go over capacity with <paramref name="added"/> more open leads each (rep id → leads added).</summary>
    public static async Task<IReadOnlyList<Guid>> OverCapacityAsync(AssignmentDbContext db, IReadOnlyDictionary<Guid, int> added, CancellationToken ct)
    {
        if (added.Count == 0) return [];
        await db.Database.LockAsync(LockKey, ct);
        var ids = added.Keys.ToList();
        var reps = await OpenLoads(db).Where(r => ids.Contains(r.RepId)).ToListAsync(ct);
        return reps.Where(r => r.Open + added[r.RepId] > r.Capacity).Select(r => r.RepId).ToList();
    }

    /// <summary>Each rep's open leads counted in PostgreSQL, the truth the Redis counters are rebuilt from and checked against.</summary>
    public static IQueryable<OpenLoad> OpenLoads(AssignmentDbContext db) =>
        db.SalesReps.AsNoTracking()
            .Select(r => new OpenLoad { RepId = r.Id, Capacity = r.Capacity, Open = db.Assignments.Count(a => a.RepId == r.Id && a.IsOpen) });

    /// <summary>Set by member initialisation, so that EF can still filter on its members after the projection.</summary>
    public sealed record OpenLoad
    {
        public required Guid RepId { get; init; }
        public required int Capacity { get; init; }
        public required int Open { get; init; }
    }
}
