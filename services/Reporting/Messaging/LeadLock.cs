using Smarketing.Reporting.Data;
using Smarketing.ServiceDefaults.Data;

namespace Smarketing.Reporting.Messaging;

/// <summary>
/// One lead's events are applied one at a time, across replicas: a lead's follow-up steps arrive together, and without
/// this the later ones lose the row-version race on its view and go through retries with back-off (seconds of lag).
/// </summary>
public static class LeadLock
{
    /// <summary>The two-key advisory lock space, apart from the rebuild's single-key lock.</summary>
    private const int LockClass = 0x1EAD;

    /// <summary>
    /// Locks every lead of a batch in one round trip, held until the surrounding transaction ends. Keys are taken in
    /// ascending order, so two batches that share leads wait for each other instead of deadlocking.
    /// </summary>
    public static Task TakeAllAsync(ReportingDbContext db, IEnumerable<Guid> leadIds, CancellationToken ct) =>
        db.Database.LockAllAsync(LockClass, KeysInLockOrder(leadIds), ct);

    /// <summary>The distinct keys of the leads, ascending: the order every batch takes its locks in.</summary>
    public static int[] KeysInLockOrder(IEnumerable<Guid> leadIds) => leadIds.Select(KeyOf).Distinct().Order().ToArray();

    /// <summary>A 32-bit key from all of the id's bytes; a rare collision only makes two leads wait for each other.</summary>
    public static int KeyOf(Guid leadId)
    {
        Span<byte> bytes = stackalloc byte[16];
        leadId.TryWriteBytes(bytes);
        return BitConverter.ToInt32(bytes[..4]) ^ BitConverter.ToInt32(bytes[4..8]) ^ BitConverter.ToInt32(bytes[8..12]) ^ BitConverter.ToInt32(bytes[12..]);
    }
}
