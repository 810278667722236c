using Smarketing.FollowUp.Data;

namespace Smarketing.FollowUp.Domain;

/// <summary>What logging one touch did to the cadence.</summary>
public sealed record TouchResult(FollowUpTask? Completed, FollowUpTask? Next, DateTime? PausedUntil, string? CloseAsLostReason);

/// <summary>
/// The cadence state machine. A step is pending, then (past its deadline) overdue, and ends done (a touch
/// completed it) or cancelled (the lead closed). A touch completes the earliest open step; a reply or a set
/// meeting pauses the rest of the plan; "not interested" on the last step closes the lead as lost; an outcome
/// cancels everything still open.
/// </summary>
public static class CadenceRules
{
    public const string NotInterestedAfterLastStep = "not-interested after the last follow-up step";

    public static bool IsOpen(FollowUpTask task) => task.Status is TaskStatuses.Pending or TaskStatuses.Overdue;

    /// <param name="open">The lead's open steps of the current cycle, in step order.</param>
    /// <param name="completesStep">False when the touch was already counted (the rep adds the outcome of a tapped link).</param>
    public static TouchResult Touch(LeadCadence cadence, IReadOnlyList<FollowUpTask> open, Activity activity,
        CadenceSettings settings, BusinessCalendar calendar, DateTime nowUtc, bool completesStep = true)
    {
        var completed = activity.Type == "note" || !completesStep ? null : open.FirstOrDefault(IsOpen);
        if (completed is not null)
        {
            completed.Status = TaskStatuses.Done;
            completed.CompletedAt = activity.At;
            completed.ActivityId = activity.Id;
            activity.TaskId = completed.Id;
        }
        var remaining = open.Where(t => t != completed && IsOpen(t)).OrderBy(t => t.Step).ToList();

        if (activity.Outcome == "not-interested" && remaining.Count == 0 && (completed is not null || !completesStep))
        {
            return new TouchResult(completed, null, null, NotInterestedAfterLastStep);
        }

        var pause = activity.Outcome switch
        {
            "replied" => TimeSpan.FromHours(settings.PauseAfterReplyHours),
            "meeting-set" => TimeSpan.FromHours(settings.PauseAfterMeetingHours),
            _ => TimeSpan.Zero,
        };
        DateTime? pausedUntil = null;
        if (pause > TimeSpan.Zero && remaining.Count > 0)
        {
            pausedUntil = nowUtc + pause;
            cadence.PausedUntil = pausedUntil;
            Postpone(remaining, pausedUntil.Value, calendar);
        }
        return new TouchResult(completed, remaining.FirstOrDefault(), pausedUntil, null);
    }

    /// <summary>
    /// Moves the open steps so the next one is due no earlier than <paramref name="resumeAtUtc"/>, keeping the
    /// spacing between them; a moved step is pending again and will be announced due again.
    /// </summary>
    public static void Postpone(IReadOnlyList<FollowUpTask> remaining, DateTime resumeAtUtc, BusinessCalendar calendar)
    {
        var first = remaining.Min(t => t.DueAt);
        if (first >= resumeAtUtc) return;
        var shift = resumeAtUtc - first;
        foreach (var task in remaining)
        {
            task.DueAt = calendar.NextOpen(task.DueAt + shift);
            task.OverdueAt = calendar.AddBusinessDays(task.DueAt, 1);
            if (task.EscalateAt is not null) task.EscalateAt = calendar.AddBusinessDays(task.OverdueAt, 1);
            task.Status = TaskStatuses.Pending;
            task.DueNotifiedAt = null;
            task.OverdueNotifiedAt = null;
        }
    }

    /// <summary>Ends the cycle: every open step is cancelled. True when anything was open.</summary>
    public static bool CancelOpen(IEnumerable<FollowUpTask> tasks)
    {
        var any = false;
        foreach (var task in tasks.Where(IsOpen))
        {
            task.Status = TaskStatuses.Cancelled;
            any = true;
        }
        return any;
    }

    /// <summary>
    /// A new owner gets the open steps, and a first touch not made yet gets a fresh window from now, so the
    /// new rep is neither blamed for the old one's miss nor reassigned away at once.
    /// </summary>
    public static void HandOver(IEnumerable<FollowUpTask> open, Guid toRepId, TimeSpan firstTouchDeadline, BusinessCalendar calendar, DateTime nowUtc)
    {
        foreach (var task in open.Where(IsOpen))
        {
            task.RepId = toRepId;
            if (!task.FirstTouch) continue;
            var (due, overdue, escalate) = CadencePlanner.FirstTouch(nowUtc, firstTouchDeadline, calendar);
            task.DueAt = due;
            task.OverdueAt = overdue;
            task.EscalateAt = escalate;
            task.EscalatedAt = null;
            task.Status = TaskStatuses.Pending;
            task.DueNotifiedAt = null;
            task.OverdueNotifiedAt = null;
        }
    }
}
