using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Smarketing.Assignment.Data;
using Smarketing.Assignment.Domain;
using Smarketing.Contracts;
using Smarketing.ServiceDefaults.Security;

namespace Smarketing.Assignment.Api;

/// <summary>GET/PUT /api/assignment/rules: ordered rules (criteria → rep pool) and the fallback pool, replaced as a whole.</summary>
public static class RoutingApi
{
    private static readonly HashSet<string> Grades = ["A", "B", "C", "D"];

    public static IEndpointRouteBuilder MapRoutingApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/assignment/rules").RequireAuthorization(Policies.Staff);
        api.MapGet("/", async (AssignmentDbContext db, CancellationToken ct) => TypedResults.Ok(await RoutingStore.LoadAsync(db, ct)));
        api.MapPut("/", SaveAsync).RequireAuthorization(Policies.Managers);
        return app;
    }

    public static async Task<Results<Ok<RoutingTable>, ValidationProblem>> SaveAsync(
        RoutingTable table, ClaimsPrincipal user, AssignmentDbContext db, CancellationToken ct)
    {
        // Missing lists in the JSON mean "none" (rules, pools) or "any" (criteria).
        table = new RoutingTable(
            (table.Rules ?? []).Select(r => r with { Match = r.Match ?? new RoutingCriteria(), Pool = r.Pool ?? [] }).ToList(),
            table.FallbackPool ?? []);
        var known = (await db.SalesReps.AsNoTracking().Select(r => r.Id).ToListAsync(ct)).ToHashSet();
        var errors = Validate(table, known);
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        await RoutingStore.SaveAsync(db, table, user.FindFirst(ClaimNames.Email)?.Value, ct);
        return TypedResults.Ok(table);
    }

    /// <summary>Per-field errors (rules[i].name, rules[i].pool, …) so a manager sees exactly which rule is wrong.</summary>
    public static Dictionary<string, string[]> Validate(RoutingTable table, IReadOnlySet<Guid> knownReps)
    {
        var errors = new Dictionary<string, string[]>();
        var rules = table.Rules;
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < rules.Count; i++)
        {
            var rule = rules[i];
            var at = $"rules[{i}]";
            if (string.IsNullOrWhiteSpace(rule.Name) || rule.Name.Length > 100) errors[$"{at}.name"] = ["a name of at most 100 characters is required."];
            else if (rule.Name.Equals(Router.FallbackPool, StringComparison.OrdinalIgnoreCase) || !names.Add(rule.Name))
                errors[$"{at}.name"] = ["rule names must be unique (and not 'fallback')."];
            if (rule.Pool is not { Count: > 0 }) errors[$"{at}.pool"] = ["a rule needs at least one rep."];
            else if (rule.Pool.FirstOrDefault(id => !knownReps.Contains(id)) is var unknown && unknown != Guid.Empty)
                errors[$"{at}.pool"] = [$"no sales rep {unknown}."];
            if (rule.Match.Grades?.FirstOrDefault(g => !Grades.Contains(g)) is { } grade)
                errors[$"{at}.match.grades"] = [$"'{grade}' is not a grade (A, B, C, D)."];
            if (rule.Match.Sources?.FirstOrDefault(s => !LeadVocabulary.Sources.Contains(s)) is { } source)
                errors[$"{at}.match.sources"] = [$"'{source}' is not a lead source."];
        }
        if (table.FallbackPool.FirstOrDefault(id => !knownReps.Contains(id)) is var missing && missing != Guid.Empty)
            errors["fallbackPool"] = [$"no sales rep {missing}."];
        return errors;
    }
}
