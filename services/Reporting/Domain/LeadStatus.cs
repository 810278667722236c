namespace Smarketing.Reporting.Domain;

/// <summary>
/// A lead's status as the sales UI shows it. It is derived from everything known about the lead, never
/// set by one event, so the answer is the same whatever order the events arrived in.
/// </summary>
public static class LeadStatus
{
    public const string New = "new";
    public const string Nurture = "nurture";
    public const string Assigned = "assigned";
    public const string Contacted = "contacted";
    public const string Won = "won";
    public const string Lost = "lost";
    public const string Disqualified = "disqualified";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal)
    {
        New, Nurture, Assigned, Contacted, Won, Lost, Disqualified,
    };

    /// <summary>
    /// The outcome wins, then a return to nurture not yet followed by a new owner, then the first sales touch, then
    /// ownership, then the scoring verdict.
    /// </summary>
    public static string Derive(string? outcomeResult, DateTime? firstTouchAt, Guid? ownerRepId, string? qualification,
        DateTime? recycledAt = null, DateTime? assignedAt = null) =>
        outcomeResult switch
        {
            not null => outcomeResult,
            _ when recycledAt is not null && (assignedAt is null || assignedAt <= recycledAt) => Nurture,
            _ when firstTouchAt is not null => Contacted,
            _ when ownerRepId is not null => Assigned,
            _ when qualification == "nurture" => Nurture,
            _ => New,
        };
}
