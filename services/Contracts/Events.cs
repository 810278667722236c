using System.Text.Json.Serialization;

namespace Smarketing.Contracts;

/// <summary>
/// A captured event was stored: a new lead, or a new touch merged into an open one. A new lead for a contact whose
/// earlier lead was closed names that lead in PreviousLeadId.
/// </summary>
public sealed record LeadReceived(
    Guid LeadId,
    string EventId,
    string Source,
    string? Campaign,
    DateTime OccurredAt,
    DateTime ReceivedAt,
    ContactInfo Contact,
    InterestInfo? Interest,
    UtmInfo? Utm,
    bool Merged,
    int Touches,
    Guid? PreviousLeadId = null,
    AdClickInfo? AdClick = null,
    ConsentInfo? Consent = null);

/// <summary>The active scoring model scored a lead; carries what routing needs (Language: "id", "en" or unknown).</summary>
public sealed record LeadScored(
    Guid LeadId,
    int Score,
    string Grade,
    string Qualification,
    IReadOnlyList<ScoreReason> Reasons,
    string ModelVersion,
    DateTime ScoredAt,
    string Source,
    string? Campaign,
    string? City,
    string? Product,
    string? Language = null);

/// <summary>A named rep owns the lead from now on. City lets the follow-up plan use the lead's own time zone.</summary>
public sealed record LeadAssigned(
    Guid LeadId,
    Guid RepId,
    string RepName,
    string Grade,
    DateTime AssignedAt,
    Guid? PreviousRepId,
    string Reason,
    string? City = null);

/// <summary>
/// A lead's cadence was planned for its owner (a new lead, or a new cycle after nurture): every step of it, in order, in
/// one event. The fact is the plan, so a six-step cadence is one message to route and project, not six.
/// </summary>
[JsonConverter(typeof(FollowUpScheduledJson))]
public sealed record FollowUpScheduled(Guid LeadId, Guid RepId, IReadOnlyList<ScheduledStep> Steps);

/// <summary>One planned step of a <see cref="FollowUpScheduled"/> cadence; its task id is the one FollowUpDue and FollowUpOverdue carry.</summary>
public sealed record ScheduledStep(Guid TaskId, int Step, string Channel, DateTime DueAt, string Instructions, bool FirstTouch);

public sealed record FollowUpDue(Guid TaskId, Guid LeadId, Guid RepId, int Step, string Channel, DateTime DueAt);

/// <summary>
/// A step passed its deadline; for a missed first touch this is the manager's notice. NotifiedAt is when the
/// dispatcher found it overdue (the broker's sent time is only when the outbox relayed it).
/// </summary>
public sealed record FollowUpOverdue(Guid TaskId, Guid LeadId, Guid RepId, int Step, DateTime DueAt, bool FirstTouch, DateTime? NotifiedAt = null);

/// <summary>
/// The first touch was missed a second time (the escalation window after the overdue notice passed too):
/// assignment moves the lead to the next rep of its pool, unless it has changed hands meanwhile.
/// </summary>
public sealed record LeadReassignmentRequested(Guid LeadId, Guid TaskId, Guid FromRepId, string Reason, DateTime RequestedAt);

/// <summary>A lead lost for timing or budget (or not interested after the whole cadence) goes back to nurture.</summary>
public sealed record LeadRecycled(Guid LeadId, string Reason, DateTime RecycledAt);

/// <summary>
/// A touch. Proof is "click" when the rep opened the call, WhatsApp or email link through Smarketing (the attempt
/// is recorded before the redirect, with outcome "attempted"), "logged" when it was only reported; the same
/// ActivityId again carries the outcome the rep added to their attempt.
/// </summary>
public sealed record ActivityLogged(
    Guid ActivityId,
    Guid LeadId,
    Guid RepId,
    string Type,
    string Outcome,
    string? Notes,
    DateTime At,
    Guid? CompletedTaskId,
    string Proof = "logged");

public sealed record LeadOutcomeRecorded(
    Guid LeadId,
    Guid? RepId,
    string Result,
    decimal? Value,
    string Currency,
    string? Reason,
    DateTime ClosedAt);

public sealed record TrafficRecorded(
    string Campaign,
    string Source,
    DateOnly Date,
    int Visits,
    int Clicks,
    decimal Spend,
    string Currency);

public sealed record ScoringModelActivated(string Version, DateTime ActivatedAt);

/// <summary>
/// The read side changed what the sales screens list for a lead (owner, status or grade): published by reporting after
/// its projection commits, so a screen that re-reads on this sees the change.
/// </summary>
public sealed record LeadViewChanged(Guid LeadId, Guid? OwnerRepId, Guid? PreviousOwnerRepId, string Status, string? Grade, DateTime ChangedAt);
