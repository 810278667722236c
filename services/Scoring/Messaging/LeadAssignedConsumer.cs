using MassTransit;
using Microsoft.EntityFrameworkCore;
using Smarketing.Contracts;
using Smarketing.Scoring.Data;
using Smarketing.ServiceDefaults.Messaging;

namespace Smarketing.Scoring.Messaging;

/// <summary>Keeps who owns each lead, so only the owning rep (or a manager) can flag it as a bad fit.</summary>
public sealed class LeadAssignedConsumer(ScoringDbContext db) : IConsumer<Batch<LeadAssigned>>
{
    public Task Consume(ConsumeContext<Batch<LeadAssigned>> context) => BatchConsumption.RunAsync(context, this, db, async (messages, ct) =>
    {
        var fresh = await BatchConsumption.UnhandledAsync(db, messages, nameof(LeadAssignedConsumer), ct);
        if (fresh.Count == 0) return;
        var leadIds = fresh.Select(m => m.Message.LeadId).Distinct().ToList();
        var owners = await db.LeadOwners.Where(o => leadIds.Contains(o.LeadId)).ToDictionaryAsync(o => o.LeadId, ct);
        foreach (var message in fresh)
        {
            var e = message.Message;
            if (!owners.TryGetValue(e.LeadId, out var owner))
            {
                owners[e.LeadId] = db.LeadOwners.Add(new LeadOwner { LeadId = e.LeadId, RepId = e.RepId, AssignedAt = e.AssignedAt }).Entity;
            }
            else if (e.AssignedAt >= owner.AssignedAt)
            {
                owner.RepId = e.RepId;
                owner.AssignedAt = e.AssignedAt;
            }
            db.MarkProcessed(BatchConsumption.MessageIdOf(message), nameof(LeadAssignedConsumer));
        }
        await db.SaveChangesAsync(ct);
    });
}
