using System.Text.Json;
using MassTransit;
using Smarketing.Contracts;
using Smarketing.FollowUp.Data;
using Smarketing.ServiceDefaults.Messaging;

namespace Smarketing.FollowUp.Messaging;

/// <summary>Keeps who the lead is, for the due list and the one-tap links; a later touch may fill in what was missing.</summary>
public sealed class LeadReceivedConsumer(FollowUpDbContext db) : IConsumer<Batch<LeadReceived>>
{
    public Task Consume(ConsumeContext<Batch<LeadReceived>> context) => BatchConsumption.RunAsync(context, this, db, async (messages, ct) =>
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var contacts = await db.LockContactsAsync(messages.Select(m => m.Message.LeadId), ct);
        foreach (var e in messages.Select(m => m.Message))
        {
            var contact = contacts[e.LeadId];
            contact.Name = e.Contact.Name ?? contact.Name;
            contact.Email = e.Contact.Email ?? contact.Email;
            contact.Phone = e.Contact.Phone ?? contact.Phone;
            contact.Company = e.Contact.Company ?? contact.Company;
            contact.City = e.Contact.City ?? contact.City;
            contact.Product = e.Interest?.Product ?? contact.Product;
            contact.Campaign ??= e.Campaign;
            contact.Source ??= e.Source;
            contact.ReceivedAt ??= e.ReceivedAt;
        }
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
    });
}

/// <summary>Keeps the latest score and its reasons, so a rep sees why the lead is hot next to the task.</summary>
public sealed class LeadScoredConsumer(FollowUpDbContext db) : IConsumer<Batch<LeadScored>>
{
    public Task Consume(ConsumeContext<Batch<LeadScored>> context) => BatchConsumption.RunAsync(context, this, db, async (messages, ct) =>
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var contacts = await db.LockContactsAsync(messages.Select(m => m.Message.LeadId), ct);
        foreach (var e in messages.Select(m => m.Message))
        {
            var contact = contacts[e.LeadId];
            if (contact.ScoredAt is { } scoredAt && scoredAt > e.ScoredAt) continue;
            contact.Score = e.Score;
            contact.Grade = e.Grade;
            contact.Reasons = JsonSerializer.Serialize(e.Reasons, SettingsStore.Json);
            contact.ScoredAt = e.ScoredAt;
            contact.City ??= e.City;
            contact.Product ??= e.Product;
            contact.Campaign ??= e.Campaign;
            contact.Source ??= e.Source;
        }
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
    });
}
