namespace Smarketing.FollowUp.Domain;

public sealed record PlannedTask(
    int Step,
    string Channel,
    DateTime DueAt,
    DateTime OverdueAt,
    string Instructions,
    bool FirstTouch,
    DateTime? EscalateAt,
    string? Message,
    string? Subject);

/// <summary>
/// Turns a grade's cadence template into dated steps for one lead. The first touch is due at once (or at the
/// next opening) and overdue at the grade's deadline in business time; a second deadline after that is when the
/// lead is taken away from its rep. Later steps are due on their day, at the next opening, and overdue a
/// working day later.
/// </summary>
public static class CadencePlanner
{
    public static IReadOnlyList<PlannedTask> Plan(DateTime assignedAtUtc, GradeCadence cadence, BusinessCalendar calendar)
    {
        var deadline = TimeSpan.FromMinutes(cadence.FirstTouchDeadlineMinutes);
        return cadence.Steps.Select(step =>
        {
            if (step.Step == 1)
            {
                var (due, overdue, escalate) = FirstTouch(assignedAtUtc, deadline, calendar);
                return new PlannedTask(step.Step, step.Channel, due, overdue, step.Instructions, true, escalate, step.Message, step.Subject);
            }
            var dueAt = calendar.NextOpen(assignedAtUtc.AddDays(step.OffsetDays));
            return new PlannedTask(step.Step, step.Channel, dueAt, calendar.AddBusinessDays(dueAt, 1), step.Instructions, false, null,
                step.Message, step.Subject);
        }).ToList();
    }

    /// <summary>The first-touch window from <paramref name="fromUtc"/>: due, overdue (manager notified), escalate (reassigned).</summary>
    public static (DateTime Due, DateTime Overdue, DateTime Escalate) FirstTouch(DateTime fromUtc, TimeSpan deadline, BusinessCalendar calendar)
    {
        var overdue = calendar.AddBusinessTime(fromUtc, deadline);
        var due = calendar.NextOpen(fromUtc);
        if (due > overdue) due = overdue;
        return (due, overdue, calendar.AddBusinessTime(overdue, deadline));
    }
}
