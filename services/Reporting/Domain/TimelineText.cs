using System.Globalization;
using Smarketing.Contracts;

namespace Smarketing.Reporting.Domain;

/// <summary>The plain-English lines of a lead's timeline, one per event.</summary>
public static class TimelineText
{
    public static string Received(string source, string? campaign, AdClickInfo? adClick = null) =>
        (campaign is null ? $"Received from {source}" : $"Received from {source} (campaign {campaign})") + FromAd(adClick);

    public static string Merged(string source, string? campaign, int touches, AdClickInfo? adClick = null) =>
        $"New touch from {source}{(campaign is null ? "" : $" (campaign {campaign})")}, touch {touches}{FromAd(adClick)}";

    /// <summary>", after a click on a Meta click-to-WhatsApp ad "Billboard Sudirman"", or nothing without a click.</summary>
    public static string FromAd(AdClickInfo? click)
    {
        if (click is null) return "";
        var ad = click.Platform switch
        {
            "google" => "a Google ad",
            "meta" when click.CtwaClid is not null => "a Meta click-to-WhatsApp ad",
            "meta" => "a Meta ad",
            "tiktok" => "a TikTok ad",
            "microsoft" => "a Microsoft ad",
            _ => "an ad",
        };
        return $", after a click on {ad}{(click.Headline is null ? "" : $" \"{click.Headline}\"")}";
    }

    public static string Scored(int score, string grade, string qualification, string modelVersion) =>
        $"Scored {score} ({grade}, {qualification}) with model {modelVersion}";

    public static string Assigned(string repName, Guid? previousRepId, string reason) =>
        previousRepId is null ? $"Assigned to {repName}" : $"Reassigned to {repName}: {reason}";

    /// <summary>A plan of one step names it; a cadence names its first step and when its last one is due.</summary>
    public static string FollowUpScheduled(IReadOnlyList<ScheduledStep> steps)
    {
        var first = steps.MinBy(s => s.Step)!;
        if (steps.Count == 1) return $"Follow-up step {first.Step} by {first.Channel} scheduled, due {Utc(first.DueAt)}";
        var last = steps.MaxBy(s => s.Step)!;
        return $"{steps.Count} follow-up steps scheduled: step {first.Step} by {first.Channel} due {Utc(first.DueAt)}, " +
               $"the last (step {last.Step}) due {Utc(last.DueAt)}";
    }

    public static string FollowUpDue(int step, string channel) => $"Follow-up step {step} by {channel} is due";

    public static string FollowUpOverdue(int step, DateTime dueAt, bool firstTouch) =>
        firstTouch
            ? $"First touch (step {step}) is overdue, it was due {Utc(dueAt)}"
            : $"Follow-up step {step} is overdue, it was due {Utc(dueAt)}";

    public static string Activity(string type, string outcome, string proof = "logged") =>
        type == "note" ? "Note added"
        : outcome == "attempted" ? $"Tapped {type} link: attempt recorded"
        : proof == "click" ? $"Outcome of the {type} attempt: {outcome}"
        : $"Logged {type}: {outcome}";

    public static string ReassignmentRequested(string reason) => $"Escalated: {reason}; handing the lead to the next rep";

    public static string Recycled(string reason) => $"Back to nurture ({reason})";

    public static string Outcome(string result, decimal? value, string currency, string? reason)
    {
        var text = result switch
        {
            "won" => "Won",
            "lost" => "Lost",
            "disqualified" => "Disqualified",
            _ => $"Closed as {result}",
        };
        if (value is { } v) text += $" ({v.ToString("#,0.##", CultureInfo.InvariantCulture)} {currency})";
        return reason is null ? text : $"{text}: {reason}";
    }

    private static string Utc(DateTime at) => at.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
}
