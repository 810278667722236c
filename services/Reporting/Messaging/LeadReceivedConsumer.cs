using MassTransit;
using Smarketing.Contracts;
using Smarketing.Reporting.Data;
using Smarketing.Reporting.Reports;
using Smarketing.Reporting.Domain;

namespace Smarketing.Reporting.Messaging;

/// <summary>
/// Records a capture. The earliest one decides source, campaign and receivedAt; merged touches only raise
/// the touch count and fill contact details that were missing.
/// </summary>
public sealed class LeadReceivedConsumer(ReportingDbContext db, ReportCache cache) : Projection<LeadReceived>(db, cache)
{
    protected override Task PrepareAsync(IReadOnlyList<LeadReceived> events, CancellationToken ct) =>
        Db.PreloadTouchesAsync(events.Select(e => e.LeadId).ToList(), ct);

    protected override async Task ApplyAsync(LeadReceived e, EventMeta meta, CancellationToken ct)
    {
        var messageId = meta.MessageId;

        var lead = await Db.GetOrAddLeadAsync(e.LeadId, ct);
        var stored = Jsonb.Read<ContactInfo>(lead.Contact);
        ContactInfo contact;
        if (lead.ReceivedAt is null || e.ReceivedAt < lead.ReceivedAt)
        {
            lead.ReceivedAt = e.ReceivedAt;
            lead.Source = e.Source;
            lead.Campaign = e.Campaign;
            contact = LeadFacts.FillContact(e.Contact, stored);
            lead.Interest = Jsonb.Write(e.Interest) ?? lead.Interest;
            lead.Utm = Jsonb.Write(e.Utm) ?? lead.Utm;
            lead.AdClick = Jsonb.Write(e.AdClick) ?? lead.AdClick;
        }
        else
        {
            contact = LeadFacts.FillContact(stored ?? e.Contact, e.Contact);
            lead.Interest ??= Jsonb.Write(e.Interest);
            lead.Utm ??= Jsonb.Write(e.Utm);
            lead.AdClick ??= Jsonb.Write(e.AdClick);
        }
        if (e.Consent is { } consent && consent != new ConsentInfo() && (lead.ConsentAt is null || e.ReceivedAt >= lead.ConsentAt))
            (lead.Consent, lead.ConsentAt) = (Jsonb.Write(consent), e.ReceivedAt);
        lead.Contact = Jsonb.Write(contact);
        (lead.Name, lead.Email, lead.Phone, lead.Company, lead.City) = (contact.Name, contact.Email, contact.Phone, contact.Company, contact.City);
        lead.Touches = Math.Max(lead.Touches, e.Touches);
        await Db.AddTouchOnceAsync(new LeadTouchView { LeadId = e.LeadId, Source = e.Source, EventId = e.EventId, Campaign = e.Campaign, At = e.ReceivedAt, AdClick = Jsonb.Write(e.AdClick) }, ct);

        Db.AddTimeline(messageId, e.LeadId, e.ReceivedAt, e.Merged ? "merged" : "received",
            e.Merged ? TimelineText.Merged(e.Source, e.Campaign, e.Touches, e.AdClick) : TimelineText.Received(e.Source, e.Campaign, e.AdClick));
    }
}
