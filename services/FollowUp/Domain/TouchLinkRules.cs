using Smarketing.FollowUp.Data;

namespace Smarketing.FollowUp.Domain;

public enum TouchLinkUse
{
    Allowed,
    /// <summary>Not the lead's current owner, nor a manager or admin.</summary>
    NotYours,
    /// <summary>The step is done, skipped or cancelled, or the lead has changed hands since the link was handed out.</summary>
    Expired,
}

/// <summary>Who may use a one-tap link, and until when: it stands for one open step of the rep who owns the lead now.</summary>
public static class TouchLinkRules
{
    public static TouchLinkUse Judge(TouchTicket ticket, Guid ownerRepId, FollowUpTask? step, bool callerMayWorkLead)
    {
        if (!callerMayWorkLead) return TouchLinkUse.NotYours;
        if (ticket.RepId != ownerRepId || step is null || step.RepId != ownerRepId) return TouchLinkUse.Expired;
        return step.Status is TaskStatuses.Pending or TaskStatuses.Overdue ? TouchLinkUse.Allowed : TouchLinkUse.Expired;
    }
}
