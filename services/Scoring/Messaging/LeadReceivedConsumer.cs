using System.Text.Json;
using MassTransit;
using Smarketing.Contracts;
using Smarketing.Scoring.Data;
using Smarketing.Scoring.Domain;

namespace Smarketing.Scoring.Messaging;

/// <summary>Scores a new lead, and rescores an open one when a merged touch adds to what is known.</summary>
public sealed class LeadReceivedConsumer(ScoringDbContext db, ModelRepository models, ScoringMetrics metrics, ILogger<LeadReceivedConsumer> logger)
    : IConsumer<LeadReceived>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task Consume(ConsumeContext<LeadReceived> context)
    {
        var e = context.Message;
        var messageId = context.MessageId ?? throw new InvalidOperationException("LeadReceived without a message id.");
        if (await db.AlreadyProcessedAsync(messageId, nameof(LeadReceivedConsumer), context.CancellationToken)) return;

        var stored = await db.LeadScores.FindAsync([e.LeadId], context.CancellationToken);
        var profile = stored is null ? LeadProfile.From(e) : JsonSerializer.Deserialize<LeadProfile>(stored.Profile, Json)!.Merge(e);
        var (_, model) = await models.ActiveAsync(db, context.CancellationToken);
        var score = model.Score(profile, DateTime.UtcNow);

        stored ??= db.LeadScores.Add(new LeadScore
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
        db.MarkProcessed(messageId, nameof(LeadReceivedConsumer));
        await db.SaveChangesAsync(context.CancellationToken);
        metrics.Scored(score.Qualification);

        logger.LogInformation("Scored lead {LeadId}: {Score} ({Grade}, {Qualification}) with model {ModelVersion}",
            e.LeadId, score.Value, score.Grade, score.Qualification, score.ModelVersion);
    }
}
