using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Smarketing.Scoring.Data;
using Smarketing.Scoring.Domain;
using Smarketing.ServiceDefaults.Security;

namespace Smarketing.Scoring.Api;

public sealed record FlagRequest(string? Reason);

public sealed record FlagView(Guid LeadId, string Reason, string FlaggedBy, string ModelVersion, IReadOnlyList<string> FiredRules,
    int Score, string Grade, string? Campaign, DateTime FlaggedAt);

public sealed record FlagRateRow(string Key, int Leads, int Flagged, double? FlagRate);

public sealed record FlagRates(string GroupBy, IReadOnlyList<FlagRateRow> Rows);

/// <summary>Sales pushes back in the product: a bad-fit flag on a lead, and flag rates marketing can act on.</summary>
public static class FlagsApi
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static IEndpointRouteBuilder MapFlagsApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/leads/{leadId:guid}/flags", FlagAsync).RequireAuthorization(Policies.Sales);
        app.MapGet("/api/scoring/flags", RatesAsync).RequireAuthorization(Policies.Insight);
        return app;
    }

    private static async Task<Results<Created<FlagView>, Ok<FlagView>, NotFound, ValidationProblem>> FlagAsync(
        Guid leadId, FlagRequest request, ClaimsPrincipal user, ScoringDbContext db, ModelRepository models, CancellationToken ct)
    {
        var reason = request.Reason?.Trim();
        if (string.IsNullOrEmpty(reason) || reason.Length > 1000)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["reason"] = ["Say in 1–1000 characters why the lead is a bad fit."] });

        var lead = await db.LeadScores.AsNoTracking().FirstOrDefaultAsync(s => s.LeadId == leadId, ct);
        var owner = await db.LeadOwners.AsNoTracking().FirstOrDefaultAsync(o => o.LeadId == leadId, ct);
        // A rep sees only their own leads: someone else's answers like an unknown one.
        if (lead is null || !user.MayAccessLeadOf(owner?.RepId)) return TypedResults.NotFound();

        var existing = await db.LeadFlags.AsNoTracking().FirstOrDefaultAsync(f => f.LeadId == leadId, ct);
        if (existing is not null) return TypedResults.Ok(ToView(existing));

        var fired = JsonSerializer.Deserialize<List<Contracts.ScoreReason>>(lead.Reasons, Json)!
            .Where(r => r.Rule != ScoringModel.DecayRule).Select(r => r.Rule).ToList();
        var flag = new LeadFlag
        {
            LeadId = leadId,
            Reason = reason,
            FlaggedBy = user.UserId(),
            FlaggedByName = user.DisplayName(),
            RepId = owner?.RepId,
            ModelVersion = lead.ModelVersion,
            FiredRules = JsonSerializer.Serialize(fired, Json),
            Campaign = lead.Campaign,
            Score = lead.Value,
            Grade = lead.Grade,
            FlaggedAt = DateTime.UtcNow,
        };
        db.LeadFlags.Add(flag);
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateException)
        {
            // Flagged by someone else at the same moment: one flag per lead, theirs stands.
            db.ChangeTracker.Clear();
            return TypedResults.Ok(ToView(await db.LeadFlags.AsNoTracking().FirstAsync(f => f.LeadId == leadId, ct)));
        }
        return TypedResults.Created($"/api/leads/{leadId}/flags", ToView(flag));
    }

    private static async Task<Results<Ok<FlagRates>, ValidationProblem>> RatesAsync(string? groupBy, ScoringDbContext db, CancellationToken ct)
    {
        groupBy ??= "campaign";
        if (groupBy is not ("campaign" or "rule"))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["groupBy"] = ["One of campaign, rule."] });

        List<(string Key, int Leads, int Flagged)> rows;
        if (groupBy == "campaign")
        {
            var leads = await db.LeadScores.GroupBy(s => s.Campaign ?? "").Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
            var flags = await db.LeadFlags.GroupBy(f => f.Campaign ?? "").Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
            rows = leads.Select(l => (l.Key, l.Count, flags.GetValueOrDefault(l.Key))).ToList();
        }
        else
        {
            var leads = await db.Database.SqlQuery<KeyCount>(
                $"""SELECT r->>'rule' AS "Key", count(*)::int AS "Count" FROM lead_scores, jsonb_array_elements("Reasons") r GROUP BY 1""").ToListAsync(ct);
            var flags = await db.Database.SqlQuery<KeyCount>(
                $"""SELECT r AS "Key", count(*)::int AS "Count" FROM lead_flags, jsonb_array_elements_text("FiredRules") r GROUP BY 1""").ToDictionaryAsync(k => k.Key, k => k.Count, ct);
            rows = leads.Select(l => (l.Key, l.Count, flags.GetValueOrDefault(l.Key))).ToList();
        }
        return TypedResults.Ok(new FlagRates(groupBy, rows
            .Select(r => new FlagRateRow(r.Key, r.Leads, r.Flagged, r.Leads == 0 ? null : (double)r.Flagged / r.Leads))
            .OrderByDescending(r => r.FlagRate).ThenBy(r => r.Key, StringComparer.Ordinal).ToList()));
    }

    private static FlagView ToView(LeadFlag f) => new(f.LeadId, f.Reason, f.FlaggedByName, f.ModelVersion,
        JsonSerializer.Deserialize<List<string>>(f.FiredRules, Json)!, f.Score, f.Grade, f.Campaign, f.FlaggedAt);

    private sealed class KeyCount
    {
        public string Key { get; set; } = "";
        public int Count { get; set; }
    }
}
