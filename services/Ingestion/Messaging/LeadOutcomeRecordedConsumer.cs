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
