using Microsoft.EntityFrameworkCore;

namespace Smarketing.Ingestion.Data;

internal static class AdvisoryLocks
{
    /// <summary>
    /// Transaction-scoped advisory locks on <paramref name="keys"/>, taken in ordinal order in one round trip. Every
    /// writer takes all of its locks up front in that one order, so writers with overlapping keys queue instead of deadlocking.
    /// </summary>
    public static async Task LockAsync(this IngestionDbContext db, IEnumerable<string> keys, CancellationToken ct)
    {
        var ordered = keys.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        if (ordered.Length == 0) return;
        await db.Database.ExecuteSqlAsync($"""
            SELECT count(pg_advisory_xact_lock(hashtextextended(k, 0)))
            FROM (SELECT k FROM unnest({ordered}) WITH ORDINALITY AS t(k, n) ORDER BY n) AS ordered_keys
            """, ct);
    }
}
