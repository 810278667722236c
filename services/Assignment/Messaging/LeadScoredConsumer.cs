using MassTransit;
using Smarketing.Contracts;
using Smarketing.Assignment.Data;
using Smarketing.Assignment.Domain;

namespace Smarketing.Assignment.Messaging;

/// <summary>Marketing- and sales-qualified leads get an owner; nurture leads stay with marketing.</summary>
public sealed class LeadScoredConsumer(LeadAssigner assigner, AssignmentDbContext db) : IConsumer<LeadScored>
{
    public async Task Consume(ConsumeContext<LeadScored> context)
    {
        var e = context.Message;
        if (e.Qualification is not ("mql" or "sql")) return;
        var messageId = context.MessageId ?? throw new InvalidOperationException("LeadScored without a message id.");
        if (await db.AlreadyProcessedAsync(messageId, nameof(LeadScoredConsumer), context.CancellationToken)) return;

        await assigner.AssignAsync(e.LeadId, new LeadTraits(e.Grade, e.Source, e.City, e.Product, e.Campaign),
            $"round robin ({e.Qualification}, grade {e.Grade})",
            () => db.MarkProcessed(messageId, nameof(LeadScoredConsumer)), context.CancellationToken);
    }
}

public sealed class LeadOutcomeRecordedConsumer(LeadAssigner assigner) : IConsumer<LeadOutcomeRecorded>
{
    public Task Consume(ConsumeContext<LeadOutcomeRecorded> context) =>
        assigner.ReleaseAsync(context.Message.LeadId, context.CancellationToken);
}
