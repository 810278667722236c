namespace Smarketing.FollowUp.Domain;

public sealed record CadenceStep(int Step, int OffsetDays, string Channel, string Instructions);

public sealed record PlannedTask(int Step, string Channel, DateTime DueAt, DateTime OverdueAt, string Instructions, bool FirstTouch);

/// <summary>
/// The planned follow-up for a lead: at least five touches over two weeks, because most reps stop after one
/// or two while almost every converted lead was reached by the sixth attempt. The first touch has a deadline
/// by grade (the hotter the lead, the sooner); later steps are due on their day and overdue a working day later.
/// </summary>
public sealed record Cadence(IReadOnlyList<CadenceStep> Steps)
{
    public static Cadence Default { get; } = new(
    [
        new(1, 0, "call", "Call within the first-touch deadline: confirm the need, locations and timeline."),
        new(2, 1, "whatsapp", "Send a WhatsApp message with a short proposal and photos of matching sites."),
        new(3, 3, "call", "Call to walk through the proposal and answer questions."),
        new(4, 5, "email", "Email a formal quotation with availability and prices."),
        new(5, 8, "whatsapp", "Follow up on WhatsApp: ask for feedback on the quotation and offer a site visit."),
        new(6, 13, "call", "Closing call: agree on the deal, or record why not."),
    ]);

    /// <summary>How long after assignment the first attempt must happen, in business time.</summary>
    public static TimeSpan? FirstTouchDeadline(string grade) => grade switch
    {
        "A" => TimeSpan.FromMinutes(15),
        "B" => TimeSpan.FromHours(1),
        _ => null, // C and D: one business day
    };

    public IReadOnlyList<PlannedTask> Plan(DateTime assignedAtUtc, string grade, BusinessCalendar calendar)
    {
        var firstDeadline = FirstTouchDeadline(grade) is { } deadline
            ? calendar.AddBusinessTime(assignedAtUtc, deadline)
            : calendar.AddBusinessDays(assignedAtUtc, 1);

        return Steps.Select(step =>
        {
            if (step.OffsetDays == 0)
            {
                var due = assignedAtUtc < firstDeadline ? Min(calendar.NextOpen(assignedAtUtc), firstDeadline) : firstDeadline;
                return new PlannedTask(step.Step, step.Channel, due, firstDeadline, step.Instructions, FirstTouch: true);
            }
            var dueAt = calendar.NextOpen(assignedAtUtc.AddDays(step.OffsetDays));
            return new PlannedTask(step.Step, step.Channel, dueAt, calendar.AddBusinessDays(dueAt, 1), step.Instructions, FirstTouch: false);
        }).ToList();
    }

    private static DateTime Min(DateTime a, DateTime b) => a < b ? a : b;
}
