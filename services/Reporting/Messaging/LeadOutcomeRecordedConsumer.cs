using MassTransit;
using Microsoft.EntityFrameworkCore;
using Smarketing.Contracts;
using Smarketing.Reporting.Data;
using Smarketing.Reporting.Reports;
using Smarketing.Reporting.Domain;

namespace Smarketing.Reporting.Messaging;

/// <summary>Closes the lead and cancels its open steps, in the same transaction as the inbox record.</summary>
public sealed class LeadOutcomeRecordedConsumer(ReportingDbContext db, ReportCache cache) : Projection<LeadOutcomeRecorded>(db, cache)
{
    protected override async Task ApplyAsync(LeadOutcomeRecorded e, EventMeta meta, CancellationToken ct)
    {
        var messageId = meta.MessageId;

        var lead = await Db.GetOrAddLeadAsync(e.LeadId, ct);
        lead.OutcomeResult = e.Result;
        lead.OutcomeValue = e.Value;
        lead.OutcomeCurrency = e.Currency;
        lead.OutcomeReason = e.Reason;
        lead.ClosedAt = e.ClosedAt;

        var open = await Db.FollowUps
            .Where(t => t.LeadId == e.LeadId && (t.Status == FollowUpStatus.Pending || t.Status == FollowUpStatus.Overdue))
            .ToListAsync(ct);
        foreach (var task in open) task.Status = FollowUpStatus.OnOutcome(task.Status);

        Db.AddTimeline(messageId, e.LeadId, e.ClosedAt, "outcome", TimelineText.Outcome(e.Result, e.Value, e.Currency, e.Reason));
    }
}
