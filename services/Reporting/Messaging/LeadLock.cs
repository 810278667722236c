using Microsoft.EntityFrameworkCore;
using Smarketing.Reporting.Data;

namespace Smarketing.Reporting.Messaging;

/// <summary>
/// One lead's events are applied one at a time, across replicas: a lead's follow-up steps arrive together, and without
/// this the later ones lose the row-version race on its view and go through retries with back-off (seconds of lag).
/// </summary>
public static class LeadLock
{
    /// <summary>The two-key advisory lock space, apart from the rebuild's single-key lock.</summary>
    private const int LockClass = 0x1EAD;

    /// <summary>Held until the surrounding transaction ends.</summary>
    public static Task TakeAsync(ReportingDbContext db, Guid leadId, CancellationToken ct)
    {
        var key = KeyOf(leadId);
        return db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({LockClass}, {key})", ct);
    }

    /// <summary>A 32-bit key from all of the id's bytes; a rare collision only makes two leads wait for each other.</summary>
    public static int KeyOf(Guid leadId)
    {
        Span<byte> bytes = stackalloc byte[16];
        leadId.TryWriteBytes(bytes);
        return BitConverter.ToInt32(bytes[..4]) ^ BitConverter.ToInt32(bytes[4..8]) ^ BitConverter.ToInt32(bytes[8..12]) ^ BitConverter.ToInt32(bytes[12..]);
    }
}
