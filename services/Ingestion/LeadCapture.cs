using System.Text.Json;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;
using Smarketing.Contracts;
using Smarketing.Ingestion.Data;
using Smarketing.Ingestion.Domain;
using Smarketing.ServiceDefaults.Data;

namespace Smarketing.Ingestion;

public sealed record CaptureResult(Guid LeadId, bool Duplicate, bool Merged);

/// <summary>
/// The one path every capture takes (HTTP, batch, broker): validate, de-duplicate on (source, eventId), merge into the
/// contact's open lead (or open a new one linked to its last closed lead), and store the event with its LeadReceived
/// outbox row in the same transaction.
/// </summary>
public sealed partial class LeadCapture(
    IngestionDbContext db, TimeProvider clock, CaptureMetrics metrics, CaptureGroups groups, ILogger<LeadCapture> logger)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<(CaptureResult? Result, Dictionary<string, string[]> Errors)> CaptureAsync(
        CaptureLead input, string channel, CancellationToken ct)
    {
        var (lead, errors) = LeadValidator.Validate(input, clock.GetUtcNow().UtcDateTime);
        if (lead is null)
        {
            metrics.Rejected(channel);
            return (null, errors);
        }
        var result = await StoreSingleAsync(lead, ct);
        if (!result.Duplicate)
        {
            metrics.Captured(channel);
            LogCaptured(channel, lead.Source, lead.EventId, result.LeadId, result.Merged);
        }
        return (result, []);
    }

    /// <summary>
    /// A single capture: a duplicate is answered at once, without a lock or a queue; a new event joins the next group
    /// commit (see <see cref="CaptureGroups"/>), or is stored alone while the service stops.
    /// </summary>
    private async Task<CaptureResult> StoreSingleAsync(ValidatedLead lead, CancellationToken ct)
    {
        var known = await FindEventAsync(lead, ct);
        if (known is not null) return new CaptureResult(known.LeadId, Duplicate: true, Merged: known.Merged);
        return await (groups.TryJoin(lead) ?? CaptureOneAsync(lead, ct));
    }

    /// <summary>One event in its own transaction; a duplicate is answered without taking any lock.</summary>
    private async Task<CaptureResult> CaptureOneAsync(ValidatedLead lead, CancellationToken ct)
    {
        var known = await FindEventAsync(lead, ct);
        if (known is not null) return new CaptureResult(known.LeadId, Duplicate: true, Merged: known.Merged);

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await db.Database.LockAllAsync(LockKeys(lead), ct);
        var result = await StoreAsync(lead, ct);
        await tx.CommitAsync(ct);
        db.ChangeTracker.Clear();
        return result;
    }

    /// <summary>
    /// Stores one event inside the caller's transaction, which already holds <see cref="LockKeys"/> for it: the
    /// event lock makes the duplicate check final, the contact locks make the open-lead lookup final.
    /// </summary>
    private async Task<CaptureResult> StoreAsync(ValidatedLead lead, CancellationToken ct)
    {
        var known = await FindEventAsync(lead, ct);
        if (known is not null) return new CaptureResult(known.LeadId, Duplicate: true, Merged: known.Merged);

        var (email, phone) = (lead.Contact.Email, lead.Contact.Phone);
        // FOR UPDATE: an event matching by email and another matching by phone hold different advisory locks but
        // may reach the same lead; the row lock keeps their touch counts from overwriting each other.
        var open = (await db.Leads.FromSql($"""
            SELECT * FROM leads WHERE "IsOpen" AND ("Email" = {Text("email", email)} OR "Phone" = {Text("phone", phone)})
            ORDER BY "FirstReceivedAt" LIMIT 1 FOR UPDATE
            """).ToListAsync(ct)).FirstOrDefault();
        var previous = open is not null ? null : await db.Leads.AsNoTracking()
            .Where(l => !l.IsOpen && ((email != null && l.Email == email) || (phone != null && l.Phone == phone)))
            .OrderByDescending(l => l.FirstReceivedAt)
            .Select(l => (Guid?)l.Id)
            .FirstOrDefaultAsync(ct);

        var now = clock.GetUtcNow().UtcDateTime;
        var merged = open is not null;
        var stored = open ?? db.Leads.Add(new Lead
        {
            Id = NewId.NextGuid(),
            Source = lead.Source,
            Campaign = lead.Campaign,
            FirstReceivedAt = now,
            PreviousLeadId = previous,
        }).Entity;
        stored.Email ??= email;
        stored.Phone ??= phone;
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
            lead.Contact, lead.Interest, lead.Utm, merged, stored.Touches, stored.PreviousLeadId, lead.AdClick, lead.Consent));

        // Flushed now, inside the transaction, so the next event of a batch sees this one.
        await db.SaveChangesAsync(ct);
        return new CaptureResult(stored.Id, Duplicate: false, Merged: merged);
    }

    /// <summary>A typed parameter: an untyped null leaves PostgreSQL to guess its type.</summary>
    private static NpgsqlParameter Text(string name, string? value) =>
        new(name, NpgsqlDbType.Text) { Value = (object?)value ?? DBNull.Value };

    private Task<LeadEvent?> FindEventAsync(ValidatedLead lead, CancellationToken ct) =>
        db.LeadEvents.AsNoTracking().FirstOrDefaultAsync(e => e.Source == lead.Source && e.EventId == lead.EventId, ct);

    /// <summary>Captures of the same event, or of the same contact, are serialised on these keys.</summary>
    private static IEnumerable<string> LockKeys(ValidatedLead lead)
    {
        yield return $"event:{lead.Source}:{lead.EventId}";
        if (lead.Contact.Email is { } email) yield return $"email:{email}";
        if (lead.Contact.Phone is { } phone) yield return $"phone:{phone}";
    }

    [LoggerMessage(LogLevel.Information, "Captured event {Source}/{EventId} over {Channel} as lead {LeadId} (merged: {Merged})")]
    private partial void LogCaptured(string channel, string source, string eventId, Guid leadId, bool merged);
}
