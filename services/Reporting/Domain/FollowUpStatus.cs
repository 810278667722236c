namespace Smarketing.Reporting.Domain;

/// <summary>
/// A follow-up step's status in the read model. Events about one step can arrive in any order, so each
/// transition looks at what is already known rather than trusting the latest event.
/// </summary>
public static class FollowUpStatus
{
    public const string Pending = "pending";
    public const string Done = "done";
    public const string Overdue = "overdue";
    public const string Cancelled = "cancelled";

    public static bool IsOpen(string status) => status is Pending or Overdue;

    /// <summary>
    /// Reconciles a step with facts that may have arrived before it: an activity that completed it wins,
    /// and a closed lead cancels whatever is still open.
    /// </summary>
    public static string Reconcile(string current, bool completedByActivity, bool leadClosed) =>
        current switch
        {
            _ when completedByActivity => Done,
            Done or Cancelled => current,
            _ when leadClosed => Cancelled,
            _ => current,
        };

    /// <summary>An overdue notice never reopens a step that was done or cancelled.</summary>
    public static string OnOverdue(string current) => current is Done or Cancelled ? current : Overdue;

    /// <summary>An outcome ends the cadence: open steps are cancelled, finished ones keep their history.</summary>
    public static string OnOutcome(string current) => IsOpen(current) ? Cancelled : current;
}
