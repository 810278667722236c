using System.Text.Json;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Smarketing.Contracts;
using Smarketing.Ingestion.Data;
using Smarketing.Ingestion.Domain;

namespace Smarketing.Ingestion;

public sealed record CaptureResult(Guid LeadId, bool Duplicate, bool Merged);

/// <summary>
/// The one path every capture takes (HTTP, batch, broker): validate, de-duplicate on (source, eventId),
/// merge into the contact's open lead, and store the event with its LeadReceived outbox row in one transaction.
/// </summary>
public sealed class LeadCapture(IngestionDbContext db, TimeProvider clock, ILogger<LeadCapture> logger)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<(CaptureResult? Result, Dictionary<string, string[]> Errors)> CaptureAsync(CaptureLead input, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var (lead, errors) = LeadValidator.Validate(input, now);
        if (lead is null) return (null, errors);

        var known = await FindEventAsync(lead, ct);
        if (known is not null) return (new CaptureResult(known.LeadId, Duplicate: true, Merged: known.Merged), []);

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await LockAsync(lead, ct);

        known = await FindEventAsync(lead, ct);
        if (known is not null) return (new CaptureResult(known.LeadId, Duplicate: true, Merged: known.Merged), []);

        var open = await db.Leads
            .Where(l => l.IsOpen && ((lead.Contact.Email != null && l.Email == lead.Contact.Email) ||
                                     (lead.Contact.Phone != null && l.Phone == lead.Contact.Phone)))
            .OrderBy(l => l.FirstReceivedAt)
            .FirstOrDefaultAsync(ct);

        var merged = open is not null;
        var stored = open ?? db.Leads.Add(new Lead
        {
            Id = NewId.NextGuid(),
            Source = lead.Source,
            Campaign = lead.Campaign,
            FirstReceivedAt = now,
        }).Entity;
        stored.Email ??= lead.Contact.Email;
        stored.Phone ??= lead.Contact.Phone;
        stored.Name ??= lead.Contact.Name;
        stored.Company ??= lead.Contact.Company;
        stored.Touches++;
        stored.LastTouchAt = now;

        db.LeadEvents.Add(new LeadEvent
        {
            Id = NewId.NextGuid(),
            Source = lead.Source,
            EventId = lead.EventId,
            LeadId = stored.Id,
            Merged = merged,
            OccurredAt = lead.OccurredAt,
            ReceivedAt = now,
            Payload = JsonSerializer.Serialize(lead, Json),
        });
        db.Publish(new LeadReceived(
            stored.Id, lead.EventId, lead.Source, lead.Campaign, lead.OccurredAt, now,
            lead.Contact, lead.Interest, lead.Utm, merged, stored.Touches));

        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);

        logger.LogInformation("Captured event {Source}/{EventId} as lead {LeadId} (merged: {Merged}, touches: {Touches})",
            lead.Source, lead.EventId, stored.Id, merged, stored.Touches);
        return (new CaptureResult(stored.Id, Duplicate: false, Merged: merged), []);
    }

    private Task<LeadEvent?> FindEventAsync(ValidatedLead lead, CancellationToken ct) =>
        db.LeadEvents.AsNoTracking().FirstOrDefaultAsync(e => e.Source == lead.Source && e.EventId == lead.EventId, ct);

    /// <summary>
    /// Serialises captures of the same event or the same contact (transaction-scoped advisory locks, taken in a
    /// fixed order), so two concurrent events for one new contact cannot open two leads.
    /// </summary>
    private async Task LockAsync(ValidatedLead lead, CancellationToken ct)
    {
        var keys = new List<string> { $"event:{lead.Source}:{lead.EventId}" };
        if (lead.Contact.Email is { } email) keys.Add($"email:{email}");
        if (lead.Contact.Phone is { } phone) keys.Add($"phone:{phone}");
        foreach (var key in keys.Order(StringComparer.Ordinal))
        {
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtextextended({key}, 0))", ct);
        }
    }
}
