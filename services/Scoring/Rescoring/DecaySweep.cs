using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Smarketing.Contracts;
using Smarketing.Scoring.Data;
using Smarketing.Scoring.Domain;
using Smarketing.ServiceDefaults.Data;

namespace Smarketing.Scoring.Rescoring;

/// <summary>
/// Scores only change when something happens to a lead, but a lead nobody touched goes cold: once a day (by default)
/// the open leads scored more than a day ago are scored again with the active model, and those whose score, grade or
/// qualification changed publish LeadScored. One replica sweeps at a time (a PostgreSQL advisory lock).
/// </summary>
public sealed class DecaySweep(ModelRepository models, Microsoft.Extensions.Options.IOptions<RescoreOptions> options, ILogger<DecaySweep> logger)
{
    private const long SweepLock = 0x53636F7265446563; // "ScoreDec"
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public Task RunAsync(ScoringDbContext db, CancellationToken ct) =>
        db.Database.RunAloneAsync(SweepLock, wait: false, () => SweepAsync(db, ct), ct);

    private async Task SweepAsync(ScoringDbContext db, CancellationToken ct)
    {
        var (_, model) = await models.ActiveAsync(db, ct);
        var cutoff = DateTime.UtcNow - options.Value.DecayMinAge;
        int swept = 0, changed = 0;
        while (true)
        {
            var batch = await db.LeadScores
                .Where(s => s.ModelVersion == model.Version && s.ScoredAt < cutoff && !db.LeadOutcomes.Any(o => o.LeadId == s.LeadId))
                .OrderBy(s => s.LeadId).Take(options.Value.BatchSize).ToListAsync(ct);
            if (batch.Count == 0) break;
            var at = DateTime.UtcNow;
            foreach (var lead in batch)
            {
                var profile = JsonSerializer.Deserialize<LeadProfile>(lead.Profile, Json)!;
                var score = model.Score(profile, at);
                lead.ScoredAt = at;
                if (score.Value == lead.Value && score.Grade == lead.Grade && score.Qualification == lead.Qualification) continue;
                lead.Value = score.Value;
                lead.Grade = score.Grade;
                lead.Qualification = score.Qualification;
                lead.Reasons = JsonSerializer.Serialize(score.Reasons, Json);
                db.Publish(new LeadScored(lead.LeadId, score.Value, score.Grade, score.Qualification, score.Reasons, score.ModelVersion, at,
                    profile.Source, profile.Campaign, profile.Contact.City, profile.Interest.Product, LanguageGuess.Of(profile.Interest.Message)));
                changed++;
            }
            try { await db.SaveChangesAsync(ct); }
            catch (DbUpdateConcurrencyException)
            {
                // A touch rescored some of them meanwhile; those are fresh now and drop out of the next batch.
            }
            swept += batch.Count;
            db.ChangeTracker.Clear();
        }
        if (swept > 0) logger.LogInformation("Decay sweep with model {Version}: {Swept} open leads checked, {Changed} cooled down", model.Version, swept, changed);
    }
}
