using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Smarketing.Scoring.Domain;

namespace Smarketing.Scoring.Data;

/// <summary>
/// Reads model documents and keeps their compiled form per version (a version never changes once saved). Every
/// replica asks the database which version is active, so an activation on one replica is seen by all at once.
/// </summary>
public sealed class ModelRepository
{
    public static readonly JsonSerializerOptions DocumentJson = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private readonly ConcurrentDictionary<int, (ModelDocument Document, ScoringModel Model)> _compiled = new();

    public static string Serialize(ModelDocument doc) => JsonSerializer.Serialize(doc, DocumentJson);

    public static ModelDocument Deserialize(string json) => JsonSerializer.Deserialize<ModelDocument>(json, DocumentJson)!;

    public (ModelDocument Document, ScoringModel Model) Compiled(StoredModel stored) =>
        _compiled.GetOrAdd(stored.Version, _ =>
        {
            var doc = Deserialize(stored.Document);
            return (doc, RuleLanguage.Compile(doc, stored.Version.ToString()));
        });

    public async Task<(ModelDocument Document, ScoringModel Model)?> GetAsync(ScoringDbContext db, int version, CancellationToken ct)
    {
        if (_compiled.TryGetValue(version, out var hit)) return hit;
        var stored = await db.Models.AsNoTracking().FirstOrDefaultAsync(m => m.Version == version, ct);
        return stored is null ? null : Compiled(stored);
    }

    public async Task<(ModelDocument Document, ScoringModel Model)> ActiveAsync(ScoringDbContext db, CancellationToken ct)
    {
        var version = await db.Models.Where(m => m.Status == ModelStatus.Active).Select(m => (int?)m.Version).FirstOrDefaultAsync(ct);
        if (version is null) return (DefaultScoringModel.Document, DefaultScoringModel.Create());
        return (await GetAsync(db, version.Value, ct))!.Value;
    }
}

public static class ModelSeeding
{
    /// <summary>A fresh install starts with version 1, the default model, active; a replica that loses the race sees it there.</summary>
    public static async Task SeedDefaultScoringModelAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ScoringDbContext>();
        if (await db.Models.AnyAsync()) return;
        var now = DateTime.UtcNow;
        db.Models.Add(new StoredModel
        {
            Version = DefaultScoringModel.Version,
            Document = ModelRepository.Serialize(DefaultScoringModel.Document),
            Status = ModelStatus.Active,
            CreatedBy = "system",
            CreatedByName = "Smarketing (shipped default)",
            CreatedAt = now,
            ActivatedAt = now,
        });
        try
        {
            await db.SaveChangesAsync();
            app.Logger.LogInformation("Seeded scoring model version {Version} (the default) as active", DefaultScoringModel.Version);
        }
        catch (DbUpdateException)
        {
            // Another replica may have seeded it first; anything else is a real failure.
            if (!await AnyModelAsync(app)) throw;
        }
    }

    private static async Task<bool> AnyModelAsync(WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ScoringDbContext>().Models.AnyAsync();
    }
}

public static class LabelledHistory
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// Every lead whose result is known: won is positive; lost, disqualified, or flagged as a bad fit by sales
    /// (and not won) is negative.
    /// </summary>
    public static async Task<IReadOnlyList<LabelledLead>> LoadAsync(ScoringDbContext db, CancellationToken ct)
    {
        var rows = await db.LeadScores.AsNoTracking()
            .Where(s => db.LeadOutcomes.Any(o => o.LeadId == s.LeadId) || db.LeadFlags.Any(f => f.LeadId == s.LeadId))
            .Select(s => new
            {
                s.LeadId,
                s.Profile,
                Result = db.LeadOutcomes.Where(o => o.LeadId == s.LeadId).Select(o => o.Result).FirstOrDefault(),
                Flagged = db.LeadFlags.Any(f => f.LeadId == s.LeadId),
            })
            .OrderBy(s => s.LeadId)
            .ToListAsync(ct);
        return rows
            .Select(r => (r, Won: LabelledLead.Label(r.Result, r.Flagged)))
            .Where(x => x.Won is not null)
            .Select(x => new LabelledLead(x.r.LeadId, JsonSerializer.Deserialize<LeadProfile>(x.r.Profile, Json)!, x.Won!.Value))
            .ToList();
    }
}
