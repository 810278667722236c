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
        var reps = await db.SalesReps.AsNoTracking().Where(r => ids.Contains(r.Id))
            .Select(r => new { r.Id, r.Capacity, Open = db.Assignments.Count(a => a.RepId == r.Id && a.IsOpen) })
            .ToListAsync(ct);
        return reps.Where(r => r.Open + added[r.Id] > r.Capacity).Select(r => r.Id).ToList();
    }
}
