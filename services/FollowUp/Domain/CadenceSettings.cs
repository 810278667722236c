using Smarketing.Contracts;

namespace Smarketing.FollowUp.Domain;

/// <summary>One planned touch of a cadence template: when (days after assignment), how, and what to say.</summary>
public sealed record CadenceStep(
    int Step,
    double OffsetDays,
    string Channel,
    string Instructions,
    string? Message = null,
    string? Subject = null);

/// <summary>The cadence of one grade: how fast the first touch must happen, then the steps.</summary>
public sealed record GradeCadence(double FirstTouchDeadlineMinutes, IReadOnlyList<CadenceStep> Steps);

/// <summary>When the business is open, in the lead's local time.</summary>
public sealed record BusinessHours(string Start, string End, IReadOnlyList<string> Days);

/// <summary>
/// The follow-up rules sales managers edit as one document (GET/PUT /api/followups/cadences): a cadence per
/// grade, business hours, how long a reply or a meeting pauses the cadence, and when a lead lost for timing
/// or budget comes back to nurture. A lead's plan is fixed from the document in force when it was assigned.
/// </summary>
public sealed record CadenceSettings(
    IReadOnlyDictionary<string, GradeCadence> Grades,
    BusinessHours BusinessHours,
    string DefaultTimeZone,
    double PauseAfterReplyHours,
    double PauseAfterMeetingHours,
    double RecycleAfterDays,
    IReadOnlyList<string> RecycleReasons)
{
    public static readonly IReadOnlyList<string> Channels = ["call", "whatsapp", "email", "meeting"];
    public static readonly IReadOnlyList<string> GradeNames = ["A", "B", "C", "D"];
    public const int MinimumTouchesForHotGrades = 5;

    private static readonly IReadOnlyList<CadenceStep> StandardSteps =
    [
        new(1, 0, "call", "Call within the first-touch deadline: confirm the need, locations and timeline."),
        new(2, 1, "whatsapp", "Send a short proposal and photos of matching sites.",
            "Halo {firstName}, saya {rep} dari Smarketing. Terima kasih atas minat Anda pada {product}. Berikut usulan singkat dan foto titik yang cocok untuk {company}."),
        new(3, 3, "call", "Call to walk through the proposal and answer questions."),
        new(4, 5, "email", "Email a formal quotation with availability and prices.",
            "Yth. {name},\n\nTerlampir penawaran resmi untuk {product}, lengkap dengan ketersediaan titik dan harga.\n\nSalam,\n{rep}",
            "Penawaran {product} untuk {company}"),
        new(5, 8, "whatsapp", "Ask for feedback on the quotation and offer a site visit.",
            "Halo {firstName}, bagaimana tanggapan Anda atas penawaran {product} kami? Kami bisa atur kunjungan ke lokasi minggu ini."),
        new(6, 13, "call", "Closing call: agree on the deal, or record why not."),
    ];

    public static CadenceSettings Default { get; } = new(
        new Dictionary<string, GradeCadence>
        {
            ["A"] = new(15, StandardSteps),
            ["B"] = new(60, StandardSteps),
            ["C"] = new(9 * 60, StandardSteps),
            ["D"] = new(9 * 60, StandardSteps.Where(s => s.Step is 1 or 2 or 4).Select((s, i) => s with { Step = i + 1 }).ToList()),
        },
        new BusinessHours("08:00", "17:00", ["monday", "tuesday", "wednesday", "thursday", "friday"]),
        "Asia/Jakarta",
        PauseAfterReplyHours: 24,
        PauseAfterMeetingHours: 72,
        RecycleAfterDays: 90,
        RecycleReasons: ["timing", "budget", "not-interested"]);

    public GradeCadence For(string grade) => Grades.TryGetValue(grade, out var cadence) ? cadence : Grades["D"];

    /// <summary>Does a lost reason send the lead back to nurture later? Matches a listed word anywhere in the reason.</summary>
    public bool Recycles(string? reason) =>
        reason is not null && RecycleReasons.Any(r => reason.Contains(r, StringComparison.OrdinalIgnoreCase));

    public BusinessCalendar CalendarFor(string? timeZone, IReadOnlySet<DateOnly> holidays) =>
        BusinessCalendar.From(BusinessHours, TimeZoneInfo.TryFindSystemTimeZoneById(timeZone ?? DefaultTimeZone, out var zone)
            ? zone
            : TimeZoneInfo.FindSystemTimeZoneById(DefaultTimeZone), holidays);

    /// <summary>Every problem with the document, keyed by its JSON path; empty when it can be saved.</summary>
    public static Dictionary<string, string[]> Validate(CadenceSettings? s)
    {
        var errors = new Dictionary<string, List<string>>();
        void Add(string key, string message)
        {
            if (!errors.TryGetValue(key, out var list)) errors[key] = list = [];
            list.Add(message);
        }

        if (s is null)
        {
            return new Dictionary<string, string[]> { [""] = ["a cadence document is required."] };
        }
        if (s.Grades is null) Add("grades", "grades are required (A, B, C and D).");
        else
        {
            foreach (var grade in GradeNames.Where(g => !s.Grades.ContainsKey(g))) Add($"grades.{grade}", $"a cadence for grade {grade} is required.");
            foreach (var extra in s.Grades.Keys.Where(g => !GradeNames.Contains(g))) Add($"grades.{extra}", "grades are A, B, C and D.");
            foreach (var (grade, cadence) in s.Grades.Where(g => GradeNames.Contains(g.Key)))
            {
                var at = $"grades.{grade}";
                if (cadence is null) { Add(at, "a cadence is required."); continue; }
                if (cadence.FirstTouchDeadlineMinutes is <= 0 or > 7 * 24 * 60)
                    Add($"{at}.firstTouchDeadlineMinutes", "the first-touch deadline must be more than 0 and at most 10080 minutes (a week).");
                var steps = cadence.Steps ?? [];
                if (steps.Count == 0) Add($"{at}.steps", "at least one step is required.");
                if (grade is "A" or "B" && steps.Count < MinimumTouchesForHotGrades)
                    Add($"{at}.steps", $"grade {grade} needs at least {MinimumTouchesForHotGrades} touches: most deals close only after five or more.");
                if (steps.Count > 20) Add($"{at}.steps", "at most 20 steps.");
                for (var i = 0; i < steps.Count; i++)
                {
                    var step = steps[i];
                    var path = $"{at}.steps[{i}]";
                    if (step is null) { Add(path, "a step is required."); continue; }
                    if (step.Step != i + 1) Add($"{path}.step", $"steps are numbered 1, 2, 3… in order (expected {i + 1}).");
                    if (i == 0 && step.OffsetDays != 0) Add($"{path}.offsetDays", "the first step is the first touch: its offset is 0.");
                    if (step.OffsetDays is < 0 or > 365) Add($"{path}.offsetDays", "offsetDays must be between 0 and 365.");
                    if (i > 0 && steps[i - 1] is { } previous && step.OffsetDays < previous.OffsetDays)
                        Add($"{path}.offsetDays", "steps must not go back in time.");
                    if (step.Channel is null || !Channels.Contains(step.Channel))
                        Add($"{path}.channel", $"channel must be one of: {string.Join(", ", Channels)}.");
                    if (string.IsNullOrWhiteSpace(step.Instructions) || step.Instructions.Length > 1000)
                        Add($"{path}.instructions", "instructions are required (at most 1000 characters).");
                    if (step.Message is { Length: > 2000 }) Add($"{path}.message", "the message template is at most 2000 characters.");
                    if (step.Subject is { Length: > 200 }) Add($"{path}.subject", "the subject is at most 200 characters.");
                    foreach (var unknown in MessageTemplate.UnknownPlaceholders(step.Message).Concat(MessageTemplate.UnknownPlaceholders(step.Subject)))
                        Add($"{path}.message", $"unknown placeholder {{{unknown}}}; use {string.Join(", ", MessageTemplate.Placeholders.Select(p => $"{{{p}}}"))}.");
                }
            }
        }

        if (s.BusinessHours is null) Add("businessHours", "business hours are required.");
        else
        {
            if (!BusinessCalendar.TryParseHours(s.BusinessHours.Start, s.BusinessHours.End, out _, out _))
                Add("businessHours", "start and end are times (HH:mm, end may be 24:00) with end after start.");
            var days = s.BusinessHours.Days ?? [];
            if (days.Count == 0) Add("businessHours.days", "at least one working day is required.");
            foreach (var day in days.Where(d => !Enum.TryParse<DayOfWeek>(d, ignoreCase: true, out _)))
                Add("businessHours.days", $"'{day}' is not a day of the week.");
        }
        if (s.DefaultTimeZone is null || !TimeZoneInfo.TryFindSystemTimeZoneById(s.DefaultTimeZone, out _))
            Add("defaultTimeZone", "an IANA time zone such as Asia/Jakarta is required.");
        if (s.PauseAfterReplyHours is < 0 or > 24 * 60) Add("pauseAfterReplyHours", "between 0 and 1440 hours.");
        if (s.PauseAfterMeetingHours is < 0 or > 24 * 60) Add("pauseAfterMeetingHours", "between 0 and 1440 hours.");
        if (s.RecycleAfterDays is <= 0 or > 3650) Add("recycleAfterDays", "more than 0 and at most 3650 days.");
        if (s.RecycleReasons is null) Add("recycleReasons", "a list (may be empty) of words in a lost reason that send the lead back to nurture.");
        else if (s.RecycleReasons.Any(string.IsNullOrWhiteSpace)) Add("recycleReasons", "reasons cannot be empty.");

        return errors.ToDictionary(e => e.Key, e => e.Value.ToArray());
    }
}

/// <summary>The activity types a cadence step's channel maps to; "meeting" is a meeting, the rest are their own type.</summary>
public static class Channels
{
    public static bool IsContact(string type) => type is "call" or "whatsapp" or "email" or "meeting";

    public static bool HasLink(string channel) => channel is "call" or "whatsapp" or "email";

    public static bool IsKnownActivity(string type) => LeadVocabulary.ActivityTypes.Contains(type);
}
