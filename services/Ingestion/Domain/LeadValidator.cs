using Smarketing.Contracts;

namespace Smarketing.Ingestion.Domain;

/// <summary>A capture that passed validation, with its contact data normalised.</summary>
public sealed record ValidatedLead(
    string EventId,
    string Source,
    string? Campaign,
    DateTime OccurredAt,
    ContactInfo Contact,
    InterestInfo? Interest,
    UtmInfo? Utm,
    ConsentInfo Consent,
    IReadOnlyDictionary<string, string> Attributes,
    AdClickInfo? AdClick = null);

/// <summary>The rules of API.md's capture contract, as a pure function: errors per JSON field path, or the normalised lead.</summary>
public static class LeadValidator
{
    public const int MaxEventIdLength = 128;
    public const int MaxTextLength = 200;
    public const int MaxMessageLength = 4000;

    public static (ValidatedLead? Lead, Dictionary<string, string[]> Errors) Validate(CaptureLead input, DateTime now)
    {
        var errors = new Dictionary<string, List<string>>();
        void Fail(string field, string message)
        {
            if (!errors.TryGetValue(field, out var list)) errors[field] = list = [];
            list.Add(message);
        }

        var eventId = input.EventId?.Trim();
        if (string.IsNullOrEmpty(eventId)) Fail("eventId", "eventId is required.");
        else if (eventId.Length > MaxEventIdLength) Fail("eventId", $"eventId must be at most {MaxEventIdLength} characters.");

        if (string.IsNullOrWhiteSpace(input.Source)) Fail("source", "source is required.");
        else if (!LeadVocabulary.Sources.Contains(input.Source)) Fail("source", $"source must be one of: {string.Join(", ", LeadVocabulary.Sources)}.");

        var campaign = ContactNormaliser.Tidy(input.Campaign);
        if (campaign is { Length: > MaxTextLength }) Fail("campaign", $"campaign must be at most {MaxTextLength} characters.");

        var contact = input.Contact;
        string? email = null, phone = null;
        if (string.IsNullOrWhiteSpace(contact?.Email) && string.IsNullOrWhiteSpace(contact?.Phone))
        {
            Fail("contact", "contact.email or contact.phone is required.");
        }
        if (!string.IsNullOrWhiteSpace(contact?.Email))
        {
            email = ContactNormaliser.NormaliseEmail(contact.Email);
            if (email is null) Fail("contact.email", $"'{Shorten(contact.Email)}' is not a valid email address.");
        }
        if (!string.IsNullOrWhiteSpace(contact?.Phone))
        {
            phone = ContactNormaliser.NormalisePhone(contact.Phone);
            if (phone is null) Fail("contact.phone", $"'{Shorten(contact.Phone)}' is not a valid phone number (Indonesia is assumed without a country code).");
        }
        foreach (var (field, value) in new[]
                 {
                     ("contact.name", contact?.Name), ("contact.company", contact?.Company),
                     ("contact.jobTitle", contact?.JobTitle), ("contact.city", contact?.City),
                 })
        {
            if (value is { Length: > MaxTextLength }) Fail(field, $"{field} must be at most {MaxTextLength} characters.");
        }

        var interest = input.Interest;
        if (interest is not null)
        {
            if (interest.Timeline is not null && !LeadVocabulary.Timelines.Contains(interest.Timeline))
                Fail("interest.timeline", $"timeline must be one of: {string.Join(", ", LeadVocabulary.Timelines)}.");
            if (interest.Budget is < 0) Fail("interest.budget", "budget cannot be negative.");
            if (interest.Currency is not null && (interest.Currency.Length != 3 || !interest.Currency.All(char.IsAsciiLetterUpper)))
                Fail("interest.currency", "currency must be an ISO 4217 code such as IDR.");
            if (interest.Message is { Length: > MaxMessageLength }) Fail("interest.message", $"message must be at most {MaxMessageLength} characters.");
            if (interest.Locations is { Count: > 50 }) Fail("interest.locations", "at most 50 locations.");
        }

        var (adClick, adClickErrors) = AdClickRules.Validate(input.AdClick);
        foreach (var (field, message) in adClickErrors) Fail(field, message);

        // PostgreSQL text and jsonb cannot hold U+0000: refuse it here rather than fail the insert.
        foreach (var (field, value) in Texts(input))
        {
            if (value?.Contains('\0') == true) Fail(field, $"{field} must not contain NUL (\\u0000) characters.");
        }

        var occurredAt = input.OccurredAt?.UtcDateTime ?? now;
        if (occurredAt > now.AddDays(1)) Fail("occurredAt", "occurredAt is in the future.");

        if (errors.Count > 0) return (null, errors.ToDictionary(e => e.Key, e => e.Value.ToArray()));

        var lead = new ValidatedLead(
            eventId!,
            input.Source!,
            campaign,
            occurredAt,
            new ContactInfo(
                ContactNormaliser.NormaliseName(contact!.Name), email, phone,
                ContactNormaliser.Tidy(contact.Company), ContactNormaliser.Tidy(contact.JobTitle), ContactNormaliser.Tidy(contact.City)),
            interest is null ? null : interest with
            {
                Product = ContactNormaliser.Tidy(interest.Product),
                Message = interest.Message?.Trim(),
                Currency = interest.Budget is null ? interest.Currency : interest.Currency ?? LeadVocabulary.DefaultCurrency,
                Locations = interest.Locations?.Select(ContactNormaliser.Tidy).OfType<string>().ToList(),
            },
            input.Utm,
            input.Consent ?? new ConsentInfo(),
            input.Attributes ?? new Dictionary<string, string>(),
            adClick);
        return (lead, []);
    }

    /// <summary>Every text the input carries, by field path.</summary>
    private static IEnumerable<(string Field, string? Value)> Texts(CaptureLead input)
    {
        var (c, i, u) = (input.Contact, input.Interest, input.Utm);
        (string, string?)[] fields =
        [
            ("eventId", input.EventId), ("source", input.Source), ("campaign", input.Campaign),
            ("contact.name", c?.Name), ("contact.email", c?.Email), ("contact.phone", c?.Phone),
            ("contact.company", c?.Company), ("contact.jobTitle", c?.JobTitle), ("contact.city", c?.City),
            ("interest.product", i?.Product), ("interest.message", i?.Message), ("interest.currency", i?.Currency),
            ("interest.timeline", i?.Timeline), ("utm.source", u?.Source), ("utm.medium", u?.Medium), ("utm.campaign", u?.Campaign),
            ("adClick.sourceUrl", input.AdClick?.SourceUrl), ("adClick.headline", input.AdClick?.Headline),
        ];
        return fields
            .Concat((i?.Locations ?? []).Select(l => ("interest.locations", (string?)l)))
            .Concat((input.Attributes ?? []).SelectMany(a => new[] { ("attributes", (string?)a.Key), ("attributes", (string?)a.Value) }));
    }

    private static string Shorten(string value) => value.Length <= 40 ? value : value[..40] + "…";
}
