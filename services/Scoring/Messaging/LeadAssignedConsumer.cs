using MassTransit;
using Smarketing.Contracts;
using Smarketing.Scoring.Data;

namespace Smarketing.Scoring.Messaging;

/// <summary>Keeps who owns each lead, so only the owning rep (or a manager) can flag it as a bad fit.</summary>
public sealed class LeadAssignedConsumer(ScoringDbContext db) : IConsumer<LeadAssigned>
{
    public async Task Consume(ConsumeContext<LeadAssigned> context)
    {
        var e = context.Message;
        var messageId = context.MessageId ?? throw new InvalidOperationException("LeadAssigned without a message id.");
        if (await db.AlreadyProcessedAsync(messageId, nameof(LeadAssignedConsumer), context.CancellationToken)) return;

        var owner = await db.LeadOwners.FindAsync([e.LeadId], context.CancellationToken);
        if (owner is null) db.LeadOwners.Add(new LeadOwner { LeadId = e.LeadId, RepId = e.RepId, AssignedAt = e.AssignedAt });
        else if (e.AssignedAt >= owner.AssignedAt)
        {
            owner.RepId = e.RepId;
            owner.AssignedAt = e.AssignedAt;
        }
        db.MarkProcessed(messageId, nameof(LeadAssignedConsumer));
        await db.SaveChangesAsync(context.CancellationToken);
    }
}
