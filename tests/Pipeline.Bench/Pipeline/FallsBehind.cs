using Smarketing.Pipeline.Bench.Reporting;
using static System.FormattableString;

namespace Smarketing.Pipeline.Bench.Pipeline;

/// <summary>What a step measured that decides whether the platform held the offered rate.</summary>
public sealed record StepFigures(
    double OfferedLeadsPerSecond,
    double SendSeconds,
    long RequestsPlanned,
    long RequestsFailed,
    long SendMisses,
    long LeadsAccepted,
    long AssignedInWindow,
    double CaptureToAssignedP99Ms);

/// <summary>
/// A step is held when the platform kept up with the offered rate over the step: the generator could send on schedule,
/// the gateway accepted nearly every lead, the leads got owners about as fast as they came (assigned within the step
/// plus a short grace, so the last leads' own latency does not count against it), and no lead waited long at p99
/// (a queue growing behind the front door shows there first). Any one failing is falling behind, with the reason.
/// </summary>
public static class FallsBehind
{
    public static SustainCriteria Default { get; } = new(
        MinAssignedShare: 0.90, MinAcceptedShare: 0.95, MaxFailedShare: 0.01, MaxP99Ms: 2000, GraceSeconds: 1.0);

    public static IReadOnlyList<string> Reasons(StepFigures f, SustainCriteria c)
    {
        var reasons = new List<string>();
        var offered = f.OfferedLeadsPerSecond * f.SendSeconds;
        if (f.RequestsPlanned > 0 && f.SendMisses > f.RequestsPlanned * c.MaxFailedShare)
            reasons.Add(Invariant($"{f.SendMisses:N0} of {f.RequestsPlanned:N0} requests not sent on time (in-flight limit reached: the gateway answered too slowly)"));
        if (f.RequestsPlanned > 0 && f.RequestsFailed > f.RequestsPlanned * c.MaxFailedShare)
            reasons.Add(Invariant($"{f.RequestsFailed:N0} of {f.RequestsPlanned:N0} requests failed"));
        if (offered > 0 && f.LeadsAccepted < offered * c.MinAcceptedShare)
            reasons.Add($"accepted {Share(f.LeadsAccepted, offered)} of the offered leads (< {Share(c.MinAcceptedShare, 1)})");
        if (offered > 0 && f.AssignedInWindow < offered * c.MinAssignedShare)
            reasons.Add(Invariant($"assigned {Share(f.AssignedInWindow, offered)} of the offered leads within the step + {c.GraceSeconds:0.#} s (< {Share(c.MinAssignedShare, 1)})"));
        if (double.IsNaN(f.CaptureToAssignedP99Ms))
            reasons.Add("no lead was assigned");
        else if (f.CaptureToAssignedP99Ms > c.MaxP99Ms)
            reasons.Add(Invariant($"p99 capture → assigned {f.CaptureToAssignedP99Ms:N0} ms > {c.MaxP99Ms:N0} ms"));
        return reasons;
    }

    private static string Share(double part, double whole) => Invariant($"{part / whole * 100:0.#}%");
}
