using MassTransit;
using Smarketing.Contracts;
using Smarketing.Scoring.Data;

namespace Smarketing.Scoring.Messaging;

/// <summary>Keeps how each lead ended: closed leads leave the rescoring set and become history for backtests and learning.</summary>
public sealed class LeadOutcomeRecordedConsumer(ScoringDbContext db) : IConsumer<LeadOutcomeRecorded>
{
    public async Task Consume(ConsumeContext<LeadOutcomeRecorded> context)
    {
        var e = context.Message;
        var messageId = context.MessageId ?? throw new InvalidOperationException("LeadOutcomeRecorded without a message id.");
        if (await db.AlreadyProcessedAsync(messageId, nameof(LeadOutcomeRecordedConsumer), context.CancellationToken)) return;

        var outcome = await db.LeadOutcomes.FindAsync([e.LeadId], context.CancellationToken);
        if (outcome is null) db.LeadOutcomes.Add(new LeadOutcome { LeadId = e.LeadId, Result = e.Result, Value = e.Value, ClosedAt = e.ClosedAt });
        else if (e.ClosedAt >= outcome.ClosedAt)
        {
            outcome.Result = e.Result;
            outcome.Value = e.Value;
            outcome.ClosedAt = e.ClosedAt;
        }
        db.MarkProcessed(messageId, nameof(LeadOutcomeRecordedConsumer));
        await db.SaveChangesAsync(context.CancellationToken);
    }
}

/// <summary>A lead back in nurture is open again: it leaves the closed history and waits, as nurture, for its next touch.</summary>
public sealed class LeadRecycledConsumer(ScoringDbContext db) : IConsumer<LeadRecycled>
{
    public async Task Consume(ConsumeContext<LeadRecycled> context)
    {
        var ct = context.CancellationToken;
        var outcome = await db.LeadOutcomes.FindAsync([context.Message.LeadId], ct);
        if (outcome is not null) db.LeadOutcomes.Remove(outcome);
        var score = await db.LeadScores.FindAsync([context.Message.LeadId], ct);
        if (score is not null) score.Qualification = "nurture";
        await db.SaveChangesAsync(ct);
    }
}
