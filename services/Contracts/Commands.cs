namespace Smarketing.Contracts;

/// <summary>
/// What a marketing tool puts on the broker instead of calling POST /api/leads: the same body,
/// the same validation and the same idempotency on (source, eventId).
/// </summary>
public sealed record CaptureLead
{
    public string? EventId { get; init; }
    public string? Source { get; init; }
    public string? Campaign { get; init; }
    public DateTimeOffset? OccurredAt { get; init; }
    public ContactInfo? Contact { get; init; }
    public InterestInfo? Interest { get; init; }
    public UtmInfo? Utm { get; init; }
    public AdClickInfo? AdClick { get; init; }
    public ConsentInfo? Consent { get; init; }
    public Dictionary<string, string>? Attributes { get; init; }
}
