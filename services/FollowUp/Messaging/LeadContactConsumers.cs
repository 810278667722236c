using System.Text.Json;
using MassTransit;
using Smarketing.Contracts;
using Smarketing.FollowUp.Data;
using Smarketing.ServiceDefaults.Messaging;

namespace Smarketing.FollowUp.Messaging;

/// <summary>Keeps who the lead is, for the due list and the one-tap links; a later touch may fill in what was missing.</summary>
public sealed class LeadReceivedConsumer(FollowUpDbContext db) : IConsumer<Batch<LeadReceived>>
{
    public Task Consume(ConsumeContext<Batch<LeadReceived>> context) => ContactUpdates.RunAsync(context, this, db, e => e.LeadId, (e, contact) =>
    {
        contact.Name = e.Contact.Name ?? contact.Name;
        contact.Email = e.Contact.Email ?? contact.Email;
        contact.Phone = e.Contact.Phone ?? contact.Phone;
        contact.Company = e.Contact.Company ?? contact.Company;
        contact.City = e.Contact.City ?? contact.City;
        contact.Product = e.Interest?.Product ?? contact.Product;
        contact.Campaign ??= e.Campaign;
        contact.Source ??= e.Source;
        contact.ReceivedAt ??= e.ReceivedAt;
    });
}

/// <summary>Keeps the latest score and its reasons, so a rep sees why the lead is hot next to the task.</summary>
public sealed class LeadScoredConsumer(FollowUpDbContext db) : IConsumer<Batch<LeadScored>>
{
    public Task Consume(ConsumeContext<Batch<LeadScored>> context) => ContactUpdates.RunAsync(context, this, db, e => e.LeadId, (e, contact) =>
    {
        if (contact.ScoredAt is { } scoredAt && scoredAt > e.ScoredAt) return;
        contact.Score = e.Score;
        contact.Grade = e.Grade;
        contact.Reasons = JsonSerializer.Serialize(e.Reasons, SettingsStore.Json);
        contact.ScoredAt = e.ScoredAt;
        contact.City ??= e.City;
        contact.Product ??= e.Product;
        contact.Campaign ??= e.Campaign;
        contact.Source ??= e.Source;
    });
}

/// <summary>
/// A batch of events applied to their leads' contact rows in order, in one transaction with the rows locked. Applying
/// an event twice changes nothing more, so these consumers need no inbox.
/// </summary>
internal static class ContactUpdates
{
    public static Task RunAsync<T>(ConsumeContext<Batch<T>> context, object consumer, FollowUpDbContext db, Func<T, Guid> leadId,
        Action<T, LeadContact> apply) where T : class =>
        BatchConsumption.RunAsync(context, consumer, db, async (messages, ct) =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var contacts = await db.LockContactsAsync(messages.Select(m => leadId(m.Message)), ct);
            foreach (var e in messages.Select(m => m.Message)) apply(e, contacts[leadId(e)]);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        });
}
