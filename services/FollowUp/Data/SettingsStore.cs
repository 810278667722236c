using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Smarketing.FollowUp.Domain;

namespace Smarketing.FollowUp.Data;

/// <summary>Reads and saves the cadence document and the holidays; until a manager saves one, the defaults apply.</summary>
public static class SettingsStore
{
    public const string CadencesName = "cadences";
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task<CadenceSettings> CadencesAsync(this FollowUpDbContext db, CancellationToken ct)
    {
        var stored = await db.Settings.AsNoTracking().FirstOrDefaultAsync(s => s.Name == CadencesName, ct);
        return stored is null ? CadenceSettings.Default : JsonSerializer.Deserialize<CadenceSettings>(stored.Document, Json) ?? CadenceSettings.Default;
    }

    public static async Task SaveCadencesAsync(this FollowUpDbContext db, CadenceSettings settings, string? by, CancellationToken ct)
    {
        var stored = await db.Settings.FirstOrDefaultAsync(s => s.Name == CadencesName, ct);
        if (stored is null) db.Settings.Add(stored = new SettingsDocument { Name = CadencesName, Document = "" });
        stored.Document = JsonSerializer.Serialize(settings, Json);
        stored.UpdatedAt = DateTime.UtcNow;
        stored.UpdatedBy = by;
        await db.SaveChangesAsync(ct);
    }

    public static async Task<IReadOnlySet<DateOnly>> HolidayDatesAsync(this FollowUpDbContext db, CancellationToken ct) =>
        (await db.Holidays.AsNoTracking().Select(h => h.Date).ToListAsync(ct)).ToHashSet();

    /// <summary>The calendar a lead's steps are planned on: its time zone, the business hours and the holidays.</summary>
    public static async Task<BusinessCalendar> CalendarForAsync(this FollowUpDbContext db, CadenceSettings settings, string? timeZone, CancellationToken ct) =>
        settings.CalendarFor(timeZone, await db.HolidayDatesAsync(ct));
}
