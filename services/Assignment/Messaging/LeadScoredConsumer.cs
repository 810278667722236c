using MassTransit;
using Smarketing.Contracts;
using Smarketing.Assignment.Data;
using Smarketing.Assignment.Domain;
using Smarketing.ServiceDefaults.Messaging;

namespace Smarketing.Assignment.Messaging;

/// <summary>
/// Marketing- and sales-qualified leads get an owner; nurture leads stay with marketing. The scores waiting on the queue
/// are routed together: one inbox query, one hold of the assignment lock and one commit for them all.
/// </summary>
public sealed class LeadScoredConsumer(LeadAssigner assigner, AssignmentDbContext db) : IConsumer<Batch<LeadScored>>
{
    public Task Consume(ConsumeContext<Batch<LeadScored>> context) => BatchConsumption.RunAsync(context, this, db, async (messages, ct) =>
    {
        var qualified = messages.Where(m => m.Message.Qualification is "mql" or "sql").ToList();
        if (qualified.Count == 0) return;
        var fresh = await BatchConsumption.UnhandledAsync(db, qualified, nameof(LeadScoredConsumer), ct);
        if (fresh.Count == 0) return;

        var leads = fresh.Select(m => m.Message)
            .Select(e => new LeadToAssign(e.LeadId, new LeadTraits(e.Grade, e.Source, e.City, e.Product, e.Campaign, e.Language),
                $"round robin ({e.Qualification}, grade {e.Grade})"))
            .ToList();
        await assigner.AssignAllAsync(leads, () =>
        {
            foreach (var message in fresh) db.MarkProcessed(BatchConsumption.MessageIdOf(message), nameof(LeadScoredConsumer));
        }, ct);
    });
}

public sealed class LeadOutcomeRecordedConsumer(LeadAssigner assigner) : IConsumer<LeadOutcomeRecorded>
{
    public Task Consume(ConsumeContext<LeadOutcomeRecorded> context) =>
        assigner.ReleaseAsync(context.Message.LeadId, context.CancellationToken);
}

/// <summary>The second missed first touch: the lead goes to the next rep of its pool, unless it already changed hands.</summary>
public sealed class LeadReassignmentRequestedConsumer(LeadAssigner assigner, AssignmentDbContext db, ILogger<LeadReassignmentRequestedConsumer> logger)
    : IConsumer<LeadReassignmentRequested>
{
    public async Task Consume(ConsumeContext<LeadReassignmentRequested> context)
    {
        var e = context.Message;
        var messageId = context.MessageId ?? throw new InvalidOperationException("LeadReassignmentRequested without a message id.");
        if (await db.AlreadyProcessedAsync(messageId, nameof(LeadReassignmentRequestedConsumer), context.CancellationToken)) return;

        var result = await assigner.ReassignAsync(e.LeadId, null, $"automatic: {e.Reason}", context.CancellationToken,
            expectedOwner: e.FromRepId, beforeSave: () => db.MarkProcessed(messageId, nameof(LeadReassignmentRequestedConsumer)));
        if (result.Outcome != ReassignOutcome.Reassigned)
        {
            logger.LogWarning("Lead {LeadId} missed its first touch twice but stays with {RepId}: {Outcome}", e.LeadId, e.FromRepId, result.Outcome);
            db.MarkProcessed(messageId, nameof(LeadReassignmentRequestedConsumer));
            await db.SaveChangesAsync(context.CancellationToken);
        }
    }
}

/// <summary>A lead back in nurture loses its closed assignment, so it is routed afresh when it qualifies again.</summary>
public sealed class LeadRecycledConsumer(LeadAssigner assigner) : IConsumer<LeadRecycled>
{
    public Task Consume(ConsumeContext<LeadRecycled> context) => assigner.ForgetAsync(context.Message.LeadId, context.CancellationToken);
}
