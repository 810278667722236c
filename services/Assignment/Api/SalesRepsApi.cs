using Smarketing.ServiceDefaults.Security;
using MassTransit;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Smarketing.Assignment.Data;
using StackExchange.Redis;

namespace Smarketing.Assignment.Api;

/// <summary>Start and end (HH:mm) on the working days, in the rep's time zone (Asia/Jakarta, Asia/Makassar, Asia/Jayapura…).</summary>
public sealed record WorkingHours(string Start, string End, string TimeZone, IReadOnlyList<string>? Days = null);

public sealed record SalesRepRequest(
    string? Name, string? Email, IReadOnlyList<string>? Regions, IReadOnlyList<string>? Products,
    int? Capacity, int? Weight, bool? Active, WorkingHours? WorkingHours, bool? Away = null, IReadOnlyList<DateOnly>? DaysOff = null);

public sealed record SalesRepView(
    Guid RepId, string Name, string Email, IReadOnlyList<string> Regions, IReadOnlyList<string> Products,
    int Capacity, int Weight, bool Active, WorkingHours WorkingHours, int OpenLeads, bool Away, IReadOnlyList<DateOnly> DaysOff);

public static class SalesRepsApi
{
    public static IEndpointRouteBuilder MapSalesRepsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/sales-reps").RequireAuthorization(Policies.Staff);
        api.MapGet("/", ListAsync);
        api.MapGet("/{repId:guid}", GetAsync);
        api.MapPost("/", CreateAsync).RequireAuthorization(Policies.Managers);
        api.MapPut("/{repId:guid}", UpdateAsync).RequireAuthorization(Policies.Managers);
        api.MapDelete("/{repId:guid}", DeactivateAsync).RequireAuthorization(Policies.Managers);
        api.MapPut("/{repId:guid}/away", SetAwayAsync);
        return app;
    }

    public static async Task<Ok<List<SalesRepView>>> ListAsync(AssignmentDbContext db, CancellationToken ct) =>
        TypedResults.Ok(await Views(db, db.SalesReps.OrderBy(r => r.Name)).ToListAsync(ct));

    public static async Task<Results<Ok<SalesRepView>, NotFound>> GetAsync(Guid repId, AssignmentDbContext db, CancellationToken ct) =>
        await Views(db, db.SalesReps.Where(r => r.Id == repId)).FirstOrDefaultAsync(ct) is { } rep ? TypedResults.Ok(rep) : TypedResults.NotFound();

    public static async Task<Results<Created<SalesRepView>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        SalesRepRequest request, AssignmentDbContext db, CancellationToken ct)
    {
        var errors = Validate(request, creating: true);
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        var email = request.Email!.Trim().ToLowerInvariant();
        if (await db.SalesReps.AnyAsync(r => r.Email == email, ct))
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "A sales rep with this email already exists.");

        var rep = new SalesRep { Id = NewId.NextGuid(), Name = "", Email = email, CreatedAt = DateTime.UtcNow };
        Apply(rep, request);
        db.SalesReps.Add(rep);
        await db.SaveChangesAsync(ct);
        var view = await Views(db, db.SalesReps.Where(r => r.Id == rep.Id)).SingleAsync(ct);
        return TypedResults.Created($"/api/sales-reps/{rep.Id}", view);
    }

    public static async Task<Results<Ok<SalesRepView>, NotFound, ValidationProblem>> UpdateAsync(
        Guid repId, SalesRepRequest request, AssignmentDbContext db, IConnectionMultiplexer redis, CancellationToken ct)
    {
        var rep = await db.SalesReps.FindAsync([repId], ct);
        if (rep is null) return TypedResults.NotFound();
        var errors = Validate(request, creating: false);
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        Apply(rep, request);
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(await Views(db, db.SalesReps.Where(r => r.Id == repId)).SingleAsync(ct));
    }

    public sealed record AwayRequest(bool Away);

    /// <summary>A rep flips their own "away" switch (managers may for anyone): they keep their leads, get no new ones.</summary>
    public static async Task<Results<Ok<SalesRepView>, NotFound, ForbidHttpResult>> SetAwayAsync(
        Guid repId, AwayRequest request, System.Security.Claims.ClaimsPrincipal user, AssignmentDbContext db, CancellationToken ct)
    {
        if (user.IsSalesRep() && user.RepId() != repId) return TypedResults.Forbid();
        if (!user.IsInRole(Roles.SalesRep) && !user.IsInRole(Roles.SalesManager) && !user.IsInRole(Roles.Admin)) return TypedResults.Forbid();
        var updated = await db.SalesReps.Where(r => r.Id == repId).ExecuteUpdateAsync(s => s.SetProperty(r => r.Away, request.Away), ct);
        if (updated == 0) return TypedResults.NotFound();
        return TypedResults.Ok(await Views(db, db.SalesReps.Where(r => r.Id == repId)).SingleAsync(ct));
    }

    /// <summary>Deactivates rather than deletes: the rep's history and open leads stay; they get no new ones.</summary>
    public static async Task<Results<NoContent, NotFound>> DeactivateAsync(Guid repId, AssignmentDbContext db, CancellationToken ct)
    {
        var updated = await db.SalesReps.Where(r => r.Id == repId).ExecuteUpdateAsync(s => s.SetProperty(r => r.Active, false), ct);
        return updated == 0 ? TypedResults.NotFound() : TypedResults.NoContent();
    }

    /// <summary>Filter and order on the entity first: EF cannot translate a filter on the projected record.</summary>
    private static IQueryable<SalesRepView> Views(AssignmentDbContext db, IQueryable<SalesRep> reps) =>
        reps.AsNoTracking().Select(r => new SalesRepView(
            r.Id, r.Name, r.Email, r.Regions, r.Products, r.Capacity, r.Weight, r.Active,
            new WorkingHours(r.WorkdayStart.ToString("HH:mm"), r.WorkdayEnd.ToString("HH:mm"), r.TimeZone, r.Workdays),
            db.Assignments.Count(a => a.RepId == r.Id && a.IsOpen), r.Away, r.DaysOff));

    private static void Apply(SalesRep rep, SalesRepRequest request)
    {
        if (request.Name is not null) rep.Name = request.Name.Trim();
        if (request.Email is not null) rep.Email = request.Email.Trim().ToLowerInvariant();
        if (request.Regions is not null) rep.Regions = request.Regions.Select(r => r.Trim()).Where(r => r.Length > 0).ToList();
        if (request.Products is not null) rep.Products = request.Products.Select(p => p.Trim()).Where(p => p.Length > 0).ToList();
        if (request.Capacity is { } capacity) rep.Capacity = capacity;
        if (request.Weight is { } weight) rep.Weight = weight;
        if (request.Active is { } active) rep.Active = active;
        if (request.Away is { } away) rep.Away = away;
        if (request.WorkingHours is { } hours)
        {
            rep.WorkdayStart = TimeOnly.Parse(hours.Start);
            rep.WorkdayEnd = TimeOnly.Parse(hours.End);
            rep.TimeZone = hours.TimeZone;
            if (hours.Days is not null) rep.Workdays = hours.Days.Select(d => d.Trim().ToLowerInvariant()).Distinct().ToList();
        }
        if (request.DaysOff is not null) rep.DaysOff = request.DaysOff.Distinct().Order().ToList();
    }

    private static Dictionary<string, string[]> Validate(SalesRepRequest r, bool creating)
    {
        var errors = new Dictionary<string, string[]>();
        if (creating || r.Name is not null)
        {
            if (string.IsNullOrWhiteSpace(r.Name) || r.Name.Length > 200) errors["name"] = ["name is required (at most 200 characters)."];
        }
        if (creating || r.Email is not null)
        {
            if (string.IsNullOrWhiteSpace(r.Email) || !System.Net.Mail.MailAddress.TryCreate(r.Email.Trim(), out _))
                errors["email"] = ["a valid email is required."];
        }
        if (creating && r.Capacity is null) errors["capacity"] = ["capacity is required."];
        if (r.Capacity is < 0 or > 10_000) errors["capacity"] = ["capacity must be between 0 and 10000 open leads."];
        if (r.Weight is < 1 or > 100) errors["weight"] = ["weight must be between 1 and 100."];
        if (r.DaysOff is { Count: > 366 }) errors["daysOff"] = ["at most 366 days off."];
        if (r.WorkingHours is { } h)
        {
            if (!TimeOnly.TryParse(h.Start, out var start) || !TimeOnly.TryParse(h.End, out var end) || end <= start)
                errors["workingHours"] = ["start and end must be times (HH:mm) with end after start."];
            if (h.TimeZone is null || !TimeZoneInfo.TryFindSystemTimeZoneById(h.TimeZone, out _))
                errors["workingHours.timeZone"] = [$"unknown time zone '{h.TimeZone}' (e.g. Asia/Jakarta)."];
            if (h.Days is not null && (h.Days.Count == 0 || h.Days.Any(d => !Enum.TryParse<DayOfWeek>(d?.Trim(), ignoreCase: true, out _) || int.TryParse(d, out _))))
                errors["workingHours.days"] = ["days are day names (monday … sunday), at least one."];
        }
        return errors;
    }
}

