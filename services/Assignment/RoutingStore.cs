using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Smarketing.Assignment.Data;
using Smarketing.Assignment.Domain;

namespace Smarketing.Assignment;

/// <summary>Reads and writes the routing rules document; no document yet means everyone is the fallback pool.</summary>
public static class RoutingStore
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task<RoutingTable> LoadAsync(AssignmentDbContext db, CancellationToken ct)
    {
        var stored = await db.RoutingDocuments.AsNoTracking().FirstOrDefaultAsync(d => d.Id == 1, ct);
        return stored is null ? RoutingTable.Empty : JsonSerializer.Deserialize<RoutingTable>(stored.Document, Json) ?? RoutingTable.Empty;
    }

    public static async Task SaveAsync(AssignmentDbContext db, RoutingTable table, string? by, CancellationToken ct)
    {
        var stored = await db.RoutingDocuments.FirstOrDefaultAsync(d => d.Id == 1, ct);
        if (stored is null) db.RoutingDocuments.Add(stored = new RoutingDocument { Id = 1, Document = "" });
        stored.Document = JsonSerializer.Serialize(table, Json);
        stored.UpdatedAt = DateTime.UtcNow;
        stored.UpdatedBy = by;
        await db.SaveChangesAsync(ct);
    }
}
