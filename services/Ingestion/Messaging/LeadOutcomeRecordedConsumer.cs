using MassTransit;
using Microsoft.EntityFrameworkCore;
using Smarketing.Contracts;
using Smarketing.Ingestion.Data;

namespace Smarketing.Ingestion.Messaging;

/// <summary>A closed lead stops collecting touches: the contact's next event opens a new lead.</summary>
public sealed class LeadOutcomeRecordedConsumer(IngestionDbContext db) : IConsumer<LeadOutcomeRecorded>
{
    public async Task Consume(ConsumeContext<LeadOutcomeRecorded> context) =>
        await db.Leads
            .Where(l => l.Id == context.Message.LeadId && l.IsOpen)
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.IsOpen, false), context.CancellationToken);
}

/// <summary>
/// A lead back in nurture collects touches again: the contact's next event merges into it (and is rescored)
/// instead of opening a new lead, unless the contact already has another open lead.
/// </summary>
public sealed class LeadRecycledConsumer(IngestionDbContext db, ILogger<LeadRecycledConsumer> logger) : IConsumer<LeadRecycled>
{
    public async Task Consume(ConsumeContext<LeadRecycled> context)
    {
        var ct = context.CancellationToken;
        var lead = await db.Leads.FirstOrDefaultAsync(l => l.Id == context.Message.LeadId, ct);
        if (lead is null || lead.IsOpen) return;
        var other = await db.Leads.AnyAsync(l => l.IsOpen && l.Id != lead.Id &&
            ((lead.Email != null && l.Email == lead.Email) || (lead.Phone != null && l.Phone == lead.Phone)), ct);
        if (other) return;
        lead.IsOpen = true;
        await db.SaveChangesAsync(ct);
        logger.LogInformation("Lead {LeadId} is back in nurture and open for new touches", lead.Id);
    }
}
