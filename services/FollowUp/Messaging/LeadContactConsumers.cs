using System.Text.Json;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Smarketing.Contracts;
using Smarketing.FollowUp.Data;

namespace Smarketing.FollowUp.Messaging;

/// <summary>Keeps who the lead is, for the due list and the one-tap links; a later touch may fill in what was missing.</summary>
public sealed class LeadReceivedConsumer(FollowUpDbContext db) : IConsumer<LeadReceived>
{
    public async Task Consume(ConsumeContext<LeadReceived> context)
    {
        var e = context.Message;
        await using var transaction = await db.Database.BeginTransactionAsync(context.CancellationToken);
        var contact = await db.LockContactAsync(e.LeadId, context.CancellationToken);
        contact.Name = e.Contact.Name ?? contact.Name;
        contact.Email = e.Contact.Email ?? contact.Email;
        contact.Phone = e.Contact.Phone ?? contact.Phone;
        contact.Company = e.Contact.Company ?? contact.Company;
        contact.City = e.Contact.City ?? contact.City;
        contact.Product = e.Interest?.Product ?? contact.Product;
        contact.Campaign ??= e.Campaign;
        contact.Source ??= e.Source;
        contact.ReceivedAt ??= e.ReceivedAt;
        await db.SaveChangesAsync(context.CancellationToken);
        await transaction.CommitAsync(context.CancellationToken);
    }
}

/// <summary>Keeps the latest score and its reasons, so a rep sees why the lead is hot next to the task.</summary>
public sealed class LeadScoredConsumer(FollowUpDbContext db) : IConsumer<LeadScored>
{
    public async Task Consume(ConsumeContext<LeadScored> context)
    {
        var e = context.Message;
        await using var transaction = await db.Database.BeginTransactionAsync(context.CancellationToken);
        var contact = await db.LockContactAsync(e.LeadId, context.CancellationToken);
        if (contact.ScoredAt is { } scoredAt && scoredAt > e.ScoredAt) return;
        contact.Score = e.Score;
        contact.Grade = e.Grade;
        contact.Reasons = JsonSerializer.Serialize(e.Reasons, SettingsStore.Json);
        contact.ScoredAt = e.ScoredAt;
        contact.City ??= e.City;
        contact.Product ??= e.Product;
        contact.Campaign ??= e.Campaign;
        contact.Source ??= e.Source;
        await db.SaveChangesAsync(context.CancellationToken);
        await transaction.CommitAsync(context.CancellationToken);
    }
}
