using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Smarketing.FollowUp.Data;
using Smarketing.FollowUp.Domain;
using Smarketing.ServiceDefaults.Security;

namespace Smarketing.FollowUp.Api;

public sealed record HolidayView(DateOnly Date, string Name);

/// <summary>The cadence templates (managers edit them) and the public holidays (admins load them per year).</summary>
public static class SettingsApi
{
    public static IEndpointRouteBuilder MapSettingsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/followups/cadences", async (FollowUpDbContext db, CancellationToken ct) => TypedResults.Ok(await db.CadencesAsync(ct)))
            .RequireAuthorization(Policies.Staff);
        app.MapPut("/api/followups/cadences", PutCadencesAsync).RequireAuthorization(Policies.Managers);
        app.MapGet("/api/followups/holidays", HolidaysAsync).RequireAuthorization(Policies.Staff);
        app.MapPut("/api/followups/holidays/{year:int}", PutHolidaysAsync).RequireAuthorization(Policies.Admins);
        return app;
    }

    /// <summary>Replaces the whole document; new leads are planned with it, leads already planned keep their dates.</summary>
    public static async Task<Results<Ok<CadenceSettings>, ValidationProblem>> PutCadencesAsync(
        CadenceSettings? settings, ClaimsPrincipal user, FollowUpDbContext db, CancellationToken ct)
    {
        var errors = CadenceSettings.Validate(settings);
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors, title: "The cadence document is not valid.");
        await db.SaveCadencesAsync(settings!, user.FindFirst(ClaimNames.Email)?.Value, ct);
        return TypedResults.Ok(settings!);
    }

    public static async Task<Results<Ok<List<HolidayView>>, ValidationProblem>> HolidaysAsync(int? year, FollowUpDbContext db, CancellationToken ct)
    {
        if (year is < 2000 or > 2100)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["year"] = ["year must be between 2000 and 2100."] });
        var query = db.Holidays.AsNoTracking();
        if (year is { } y) query = query.Where(h => h.Date >= new DateOnly(y, 1, 1) && h.Date <= new DateOnly(y, 12, 31));
        return TypedResults.Ok(await query.OrderBy(h => h.Date).Select(h => new HolidayView(h.Date, h.Name)).ToListAsync(ct));
    }

    /// <summary>Replaces one year's public holidays (e.g. Indonesia's national holidays and collective leave days).</summary>
    public static async Task<Results<Ok<List<HolidayView>>, ValidationProblem>> PutHolidaysAsync(
        int year, List<HolidayView>? holidays, FollowUpDbContext db, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (year is < 2000 or > 2100) errors["year"] = ["year must be between 2000 and 2100."];
        if (holidays is null) errors[""] = ["a list of { date, name } is required (an empty list clears the year)."];
        else
        {
            for (var i = 0; i < holidays.Count; i++)
            {
                if (holidays[i] is not { } h) { errors[$"[{i}]"] = ["a holiday is required."]; continue; }
                if (h.Date.Year != year) errors[$"[{i}].date"] = [$"{h.Date:yyyy-MM-dd} is not in {year}."];
                if (string.IsNullOrWhiteSpace(h.Name) || h.Name.Length > 200) errors[$"[{i}].name"] = ["a name (at most 200 characters) is required."];
            }
            foreach (var duplicate in holidays.Where(h => h is not null).GroupBy(h => h.Date).Where(g => g.Count() > 1))
                errors[$"{duplicate.Key:yyyy-MM-dd}"] = ["listed more than once."];
        }
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors, title: "The holidays are not valid.");

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.Holidays.Where(h => h.Date >= new DateOnly(year, 1, 1) && h.Date <= new DateOnly(year, 12, 31)).ExecuteDeleteAsync(ct);
        db.Holidays.AddRange(holidays!.Select(h => new Holiday { Date = h.Date, Name = h.Name.Trim() }));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return TypedResults.Ok(holidays!.OrderBy(h => h.Date).Select(h => h with { Name = h.Name.Trim() }).ToList());
    }
}
