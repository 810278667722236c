using Smarketing.Contracts;

namespace Smarketing.Reporting.Domain;

/// <summary>How facts from events that may arrive late, twice or out of order combine into one lead view.</summary>
public static class LeadFacts
{
    /// <summary>A note is bookkeeping, not a touch on the customer: it neither counts nor makes the lead contacted.</summary>
    public static bool IsSalesTouch(string activityType) => activityType != "note";

    public static DateTime Earliest(DateTime? current, DateTime candidate) =>
        current is { } c && c <= candidate ? c : candidate;

    public static DateTime Latest(DateTime? current, DateTime candidate) =>
        current is { } c && c >= candidate ? c : candidate;

    /// <summary>The first capture's details win; later touches only fill what it left blank (as ingestion does).</summary>
    public static ContactInfo FillContact(ContactInfo primary, ContactInfo? fallback) =>
        fallback is null
            ? primary
            : primary with
            {
                Name = primary.Name ?? fallback.Name,
                Email = primary.Email ?? fallback.Email,
                Phone = primary.Phone ?? fallback.Phone,
                Company = primary.Company ?? fallback.Company,
                JobTitle = primary.JobTitle ?? fallback.JobTitle,
                City = primary.City ?? fallback.City,
            };

    /// <summary>A rescore or reassignment replaces the stored one only when it happened later.</summary>
    public static bool IsNewer(DateTime? stored, DateTime incoming) => stored is null || incoming > stored;
}
