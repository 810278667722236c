using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace Smarketing.ServiceDefaults.Data;

/// <summary>
/// PostgreSQL advisory locks, the one way the services make replicas take turns. The transaction-scoped ones end with
/// the surrounding transaction; <see cref="RunAloneAsync"/> holds a session lock on one open connection around work
/// that spans several transactions (a migration, a sweep).
/// </summary>
public static class AdvisoryLocks
{
    /// <summary>Waits for the lock, held until the surrounding transaction ends.</summary>
    public static Task LockAsync(this DatabaseFacade db, long key, CancellationToken ct) =>
        db.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({key})", ct);

    /// <summary>Waits for a shared hold of the lock (many shared holders, or one <see cref="LockAsync(DatabaseFacade, long, CancellationToken)"/>), until the transaction ends.</summary>
    public static Task LockSharedAsync(this DatabaseFacade db, long key, CancellationToken ct) =>
        db.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock_shared({key})", ct);

    /// <summary>Takes the lock for the surrounding transaction if nobody holds it; false at once otherwise.</summary>
    public static Task<bool> TryLockAsync(this DatabaseFacade db, long key, CancellationToken ct) =>
        db.SqlQuery<bool>($"SELECT pg_try_advisory_xact_lock({key}) AS \"Value\"").SingleAsync(ct);

    /// <summary>
    /// Transaction-scoped locks on <paramref name="keys"/>, taken in ordinal order in one round trip. Every writer takes
    /// all of its locks up front in that one order, so writers with overlapping keys queue instead of deadlocking.
    /// </summary>
    public static Task LockAllAsync(this DatabaseFacade db, IEnumerable<string> keys, CancellationToken ct)
    {
        var ordered = keys.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        return ordered.Length == 0 ? Task.CompletedTask : db.ExecuteSqlAsync($"""
            SELECT count(pg_advisory_xact_lock(hashtextextended(k, 0)))
            FROM (SELECT k FROM unnest({ordered}) WITH ORDINALITY AS t(k, n) ORDER BY n) AS ordered_keys
            """, ct);
    }

    /// <summary>
    /// Transaction-scoped locks on (<paramref name="space"/>, key) for every key, ascending, in one round trip: two
    /// callers that share keys wait for each other instead of deadlocking.
    /// </summary>
    public static Task LockAllAsync(this DatabaseFacade db, int space, IEnumerable<int> keys, CancellationToken ct)
    {
        var ordered = keys.Distinct().Order().ToArray();
        return ordered.Length == 0 ? Task.CompletedTask : db.ExecuteSqlAsync($"""
            SELECT count(pg_advisory_xact_lock({space}, k))
            FROM (SELECT k FROM unnest({ordered}) WITH ORDINALITY AS t(k, n) ORDER BY n) AS ordered_keys
            """, ct);
    }

    /// <summary>
    /// Runs <paramref name="work"/> holding a session lock on one open connection: waiting for it, or (when
    /// <paramref name="wait"/> is false) not running at all while another holder has it. True when the work ran.
    /// </summary>
    public static async Task<bool> RunAloneAsync(this DatabaseFacade db, long key, bool wait, Func<Task> work, CancellationToken ct)
    {
        await db.OpenConnectionAsync(ct);
        try
        {
            if (wait) await db.ExecuteSqlAsync($"SELECT pg_advisory_lock({key})", ct);
            else if (!await db.SqlQuery<bool>($"SELECT pg_try_advisory_lock({key}) AS \"Value\"").SingleAsync(ct)) return false;
            try
            {
                await work();
                return true;
            }
            finally
            {
                await db.ExecuteSqlAsync($"SELECT pg_advisory_unlock({key})", CancellationToken.None);
            }
        }
        finally
        {
            await db.CloseConnectionAsync();
        }
    }
}
