namespace Smarketing.Contracts;

/// <summary>The fixed words of the public contract (API.md), shared so every service spells them alike.</summary>
public static class LeadVocabulary
{
    public static readonly IReadOnlySet<string> Sources = new HashSet<string>(StringComparer.Ordinal)
    {
        "website-form", "whatsapp", "quote-request", "landing-page", "ads-lead-form", "referral", "event", "import",
    };

    public static readonly IReadOnlySet<string> Timelines = new HashSet<string>(StringComparer.Ordinal)
    {
        "now", "this-month", "this-quarter", "later", "unknown",
    };

    public static readonly IReadOnlySet<string> ActivityTypes = new HashSet<string>(StringComparer.Ordinal)
    {
        "call", "whatsapp", "email", "meeting", "note",
    };

    public static readonly IReadOnlySet<string> ActivityOutcomes = new HashSet<string>(StringComparer.Ordinal)
    {
        "no-answer", "connected", "replied", "meeting-set", "not-interested",
    };

    public static readonly IReadOnlySet<string> OutcomeResults = new HashSet<string>(StringComparer.Ordinal)
    {
        "won", "lost", "disqualified",
    };

    public const string DefaultCurrency = "IDR";
}
