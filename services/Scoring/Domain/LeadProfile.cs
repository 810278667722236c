using Smarketing.Contracts;

namespace Smarketing.Scoring.Domain;

/// <summary>Everything known about a lead that the model can score: the latest value of each field across its touches.</summary>
public sealed record LeadProfile(
    string Source,
    string? Campaign,
    ContactInfo Contact,
    InterestInfo Interest,
    int Touches,
    DateTime LastTouchAt)
{
    public static LeadProfile From(LeadReceived e) =>
        new(e.Source, e.Campaign, e.Contact, e.Interest ?? new InterestInfo(), e.Touches, e.ReceivedAt);

    /// <summary>A merged touch adds what it says and keeps what it does not; the channel of the first touch stays.</summary>
    public LeadProfile Merge(LeadReceived e)
    {
        var c = e.Contact;
        var i = e.Interest ?? new InterestInfo();
        return this with
        {
            Campaign = Campaign ?? e.Campaign,
            Contact = new ContactInfo(
                c.Name ?? Contact.Name, c.Email ?? Contact.Email, c.Phone ?? Contact.Phone,
                c.Company ?? Contact.Company, c.JobTitle ?? Contact.JobTitle, c.City ?? Contact.City),
            Interest = new InterestInfo(
                i.Product ?? Interest.Product,
                JoinMessages(Interest.Message, i.Message),
                i.Budget ?? Interest.Budget,
                i.Currency ?? Interest.Currency,
                i.Timeline is null or "unknown" ? Interest.Timeline ?? i.Timeline : i.Timeline,
                (Interest.Locations ?? []).Concat(i.Locations ?? []).Distinct(StringComparer.OrdinalIgnoreCase).ToList()),
            Touches = Math.Max(Touches, e.Touches),
            LastTouchAt = e.ReceivedAt > LastTouchAt ? e.ReceivedAt : LastTouchAt,
        };
    }

    private static string? JoinMessages(string? earlier, string? later) =>
        string.IsNullOrWhiteSpace(earlier) ? later
        : string.IsNullOrWhiteSpace(later) || earlier.Contains(later, StringComparison.Ordinal) ? earlier
        : earlier + "\n" + later;
}
