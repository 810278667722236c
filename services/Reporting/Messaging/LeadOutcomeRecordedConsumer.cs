using MassTransit;
using Microsoft.EntityFrameworkCore;
using Smarketing.Contracts;
using Smarketing.Reporting.Data;
using Smarketing.Reporting.Domain;

namespace Smarketing.Reporting.Messaging;

/// <summary>Closes the lead and cancels its open steps, in the same transaction as the inbox record.</summary>
public sealed class LeadOutcomeRecordedConsumer(ReportingDbContext db) : IConsumer<LeadOutcomeRecorded>
{
    public async Task Consume(ConsumeContext<LeadOutcomeRecorded> context)
    {
        var e = context.Message;
        var messageId = context.MessageId ?? throw new InvalidOperationException("LeadOutcomeRecorded without a message id.");
        var ct = context.CancellationToken;
        if (await db.AlreadyProcessedAsync(messageId, nameof(LeadOutcomeRecordedConsumer), ct)) return;

        var lead = await db.GetOrAddLeadAsync(e.LeadId, ct);
        lead.OutcomeResult = e.Result;
        lead.OutcomeValue = e.Value;
        lead.OutcomeCurrency = e.Currency;
        lead.OutcomeReason = e.Reason;
        lead.ClosedAt = e.ClosedAt;

        var open = await db.FollowUps
            .Where(t => t.LeadId == e.LeadId && (t.Status == FollowUpStatus.Pending || t.Status == FollowUpStatus.Overdue))
            .ToListAsync(ct);
        foreach (var task in open) task.Status = FollowUpStatus.OnOutcome(task.Status);

        db.AddTimeline(messageId, e.LeadId, e.ClosedAt, "outcome", TimelineText.Outcome(e.Result, e.Value, e.Currency, e.Reason));
        await db.SaveProjectionAsync(lead, messageId, nameof(LeadOutcomeRecordedConsumer), ct);
    }
}
