using MassTransit;
using Smarketing.Contracts;
using Smarketing.Reporting.Data;
using Smarketing.Reporting.Domain;

namespace Smarketing.Reporting.Messaging;

/// <summary>Keeps the latest score: a rescore delivered after a newer one is still on the timeline but changes nothing.</summary>
public sealed class LeadScoredConsumer(ReportingDbContext db) : IConsumer<LeadScored>
{
    public async Task Consume(ConsumeContext<LeadScored> context)
    {
        var e = context.Message;
        var messageId = context.MessageId ?? throw new InvalidOperationException("LeadScored without a message id.");
        var ct = context.CancellationToken;
        if (await db.AlreadyProcessedAsync(messageId, nameof(LeadScoredConsumer), ct)) return;

        var lead = await db.GetOrAddLeadAsync(e.LeadId, ct);
        if (LeadFacts.IsNewer(lead.ScoredAt, e.ScoredAt))
        {
            lead.Score = e.Score;
            lead.Grade = e.Grade;
            lead.Qualification = e.Qualification;
            lead.Reasons = Jsonb.Write(e.Reasons);
            lead.ModelVersion = e.ModelVersion;
            lead.ScoredAt = e.ScoredAt;
        }
        if (lead.ReceivedAt is null)
        {
            // Scored before its capture arrived here: show where it came from until LeadReceived says so itself.
            lead.Source ??= e.Source;
            lead.Campaign ??= e.Campaign;
        }

        db.AddTimeline(messageId, e.LeadId, e.ScoredAt, "scored", TimelineText.Scored(e.Score, e.Grade, e.Qualification, e.ModelVersion));
        await db.SaveProjectionAsync(lead, messageId, nameof(LeadScoredConsumer), ct);
    }
}
