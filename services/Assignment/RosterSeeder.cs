using MassTransit;
using Microsoft.EntityFrameworkCore;
using Smarketing.Assignment.Data;

namespace Smarketing.Assignment;

/// <summary>A fresh install starts with a small roster so leads have owners at once; admins edit it through the API.</summary>
public static class RosterSeeder
{
    public static async Task SeedRosterAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AssignmentDbContext>();
        if (await db.SalesReps.AnyAsync()) return;

        var now = DateTime.UtcNow;
        db.SalesReps.AddRange(
            new SalesRep { Id = NewId.NextGuid(), Name = "Andi Wijaya", Email = "andi@smarketing.local", Regions = ["Jakarta"], Capacity = 200, Weight = 2, CreatedAt = now },
            new SalesRep { Id = NewId.NextGuid(), Name = "Sari Dewi", Email = "sari@smarketing.local", Regions = ["Surabaya", "Bali"], Capacity = 200, Weight = 1, TimeZone = "Asia/Makassar", CreatedAt = now },
            new SalesRep { Id = NewId.NextGuid(), Name = "Rudi Hartono", Email = "rudi@smarketing.local", Regions = ["Bandung"], Capacity = 200, Weight = 1, CreatedAt = now });
        try
        {
            await db.SaveChangesAsync();
            app.Logger.LogInformation("Seeded the default roster of {Count} sales reps", 3);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            if (!await db.SalesReps.AsNoTracking().AnyAsync()) throw;
            app.Logger.LogInformation("Another replica seeded the default roster first");
        }
    }
}
