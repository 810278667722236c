using MassTransit;
using Smarketing.Contracts;
using Smarketing.Reporting.Data;
using Smarketing.Reporting.Reports;
using Smarketing.Reporting.Domain;

namespace Smarketing.Reporting.Messaging;

/// <summary>Keeps the latest score: a rescore delivered after a newer one is still on the timeline but changes nothing.</summary>
public sealed class LeadScoredConsumer(ReportingDbContext db, ReportCache cache) : Projection<LeadScored>(db, cache)
{
    protected override async Task ApplyAsync(LeadScored e, EventMeta meta, CancellationToken ct)
    {
        var messageId = meta.MessageId;

        var lead = await Db.GetOrAddLeadAsync(e.LeadId, ct);
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

        Db.AddTimeline(messageId, e.LeadId, e.ScoredAt, "scored", TimelineText.Scored(e.Score, e.Grade, e.Qualification, e.ModelVersion));
    }
}
