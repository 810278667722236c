using MassTransit;
using Smarketing.Contracts;
using Smarketing.Reporting.Data;
using Smarketing.Reporting.Domain;

namespace Smarketing.Reporting.Messaging;

/// <summary>
/// Records a capture. The earliest one decides source, campaign and receivedAt; merged touches only raise
/// the touch count and fill contact details that were missing.
/// </summary>
public sealed class LeadReceivedConsumer(ReportingDbContext db) : IConsumer<LeadReceived>
{
    public async Task Consume(ConsumeContext<LeadReceived> context)
    {
        var e = context.Message;
        var messageId = context.MessageId ?? throw new InvalidOperationException("LeadReceived without a message id.");
        var ct = context.CancellationToken;
        if (await db.AlreadyProcessedAsync(messageId, nameof(LeadReceivedConsumer), ct)) return;

        var lead = await db.GetOrAddLeadAsync(e.LeadId, ct);
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
        }
        else
        {
            contact = LeadFacts.FillContact(stored ?? e.Contact, e.Contact);
            lead.Interest ??= Jsonb.Write(e.Interest);
            lead.Utm ??= Jsonb.Write(e.Utm);
        }
        lead.Contact = Jsonb.Write(contact);
        (lead.Name, lead.Email, lead.Phone, lead.Company, lead.City) = (contact.Name, contact.Email, contact.Phone, contact.Company, contact.City);
        lead.Touches = Math.Max(lead.Touches, e.Touches);

        db.AddTimeline(messageId, e.LeadId, e.ReceivedAt, e.Merged ? "merged" : "received",
            e.Merged ? TimelineText.Merged(e.Source, e.Campaign, e.Touches) : TimelineText.Received(e.Source, e.Campaign));
        await db.SaveProjectionAsync(lead, messageId, nameof(LeadReceivedConsumer), ct);
    }
}
