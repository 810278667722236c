using System.Text.Json;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Smarketing.Contracts;
using Smarketing.Scoring.Data;
using Smarketing.Scoring.Domain;
using Smarketing.ServiceDefaults.Messaging;

namespace Smarketing.Scoring.Messaging;

/// <summary>
/// Scores new leads, and rescores an open one when a merged touch adds to what is known. The leads waiting on the queue
/// are scored together: one inbox query, one read of their stored scores, the active model once, and one commit.
/// </summary>
public sealed class LeadReceivedConsumer(ScoringDbContext db, ModelRepository models, ScoringMetrics metrics, ILogger<LeadReceivedConsumer> logger)
    : IConsumer<Batch<LeadReceived>>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public Task Consume(ConsumeContext<Batch<LeadReceived>> context) => BatchConsumption.RunAsync(context, this, db, ScoreAsync);

    private async Task ScoreAsync(IReadOnlyList<ConsumeContext<LeadReceived>> messages, CancellationToken ct)
    {
        var fresh = await BatchConsumption.UnhandledAsync(db, messages, nameof(LeadReceivedConsumer), ct);
        if (fresh.Count == 0) return;

        var leadIds = fresh.Select(m => m.Message.LeadId).Distinct().ToList();
        var scores = await db.LeadScores.Where(s => leadIds.Contains(s.LeadId)).ToDictionaryAsync(s => s.LeadId, ct);
        var (_, model) = await models.ActiveAsync(db, ct);
        var results = new List<(Guid LeadId, ScoreResult Score)>(fresh.Count);
        foreach (var message in fresh)
        {
            // A second touch of the same lead in this batch merges onto the first one's profile, as it would one by one.
            var e = message.Message;
            var stored = scores.GetValueOrDefault(e.LeadId);
            var profile = stored is null ? LeadProfile.From(e) : JsonSerializer.Deserialize<LeadProfile>(stored.Profile, Json)!.Merge(e);
            var score = model.Score(profile, DateTime.UtcNow);

            stored ??= scores[e.LeadId] = db.LeadScores.Add(new LeadScore
            {
                LeadId = e.LeadId, Profile = "", Grade = "", Qualification = "", Reasons = "", ModelVersion = "",
            }).Entity;
            stored.Profile = JsonSerializer.Serialize(profile, Json);
            stored.Value = score.Value;
            stored.Grade = score.Grade;
            stored.Qualification = score.Qualification;
            stored.Reasons = JsonSerializer.Serialize(score.Reasons, Json);
            stored.ModelVersion = score.ModelVersion;
            stored.Campaign = profile.Campaign;
            stored.ScoredAt = DateTime.UtcNow;

            db.Publish(new LeadScored(
                e.LeadId, score.Value, score.Grade, score.Qualification, score.Reasons, score.ModelVersion, stored.ScoredAt,
                profile.Source, profile.Campaign, profile.Contact.City, profile.Interest.Product, LanguageGuess.Of(profile.Interest.Message)));
            db.MarkProcessed(BatchConsumption.MessageIdOf(message), nameof(LeadReceivedConsumer));
            results.Add((e.LeadId, score));
        }
        await db.SaveChangesAsync(ct);

        foreach (var (leadId, score) in results)
        {
            metrics.Scored(score.Qualification);
            logger.LogInformation("Scored lead {LeadId}: {Score} ({Grade}, {Qualification}) with model {ModelVersion}",
                leadId, score.Value, score.Grade, score.Qualification, score.ModelVersion);
        }
    }
}
