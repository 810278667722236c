using System.Collections.Concurrent;

namespace Smarketing.Pipeline.Bench.Pipeline;

/// <summary>
/// One lead's path as the bench saw it: when it was sent and answered, and the timestamps its events carry. The events
/// may arrive before the HTTP answer, so either side may create the entry; each field has one writer.
/// </summary>
internal sealed class LeadTrace
{
    /// <summary>The step that posted the lead; -1 until the HTTP answer names it (or for leads the bench did not post).</summary>
    public int Step = -1;
    public DateTime ClientSentAt;
    public DateTime ReceivedAt, ReceivedSent;
    public DateTime ScoredAt, ScoredSent;
    public string? Qualification;
    public DateTime AssignedAt, AssignedSent, AssignedArrival;
    public DateTime FollowUpSent, FollowUpArrival;

    public bool Assigned => AssignedAt != default;
    public bool FollowedUp => FollowUpSent != default;
}

internal sealed class LeadLedger
{
    private readonly ConcurrentDictionary<Guid, LeadTrace> _leads = new();
    private readonly ConcurrentDictionary<int, ConcurrentBag<LeadTrace>> _bySteps = new();
    private long _assigned, _followedUp;

    public long Assigned => Interlocked.Read(ref _assigned);
    public long FollowedUp => Interlocked.Read(ref _followedUp);

    public LeadTrace this[Guid leadId] => _leads.GetOrAdd(leadId, _ => new LeadTrace());

    /// <summary>The gateway accepted the lead for <paramref name="step"/>.</summary>
    public void Accepted(Guid leadId, int step, DateTime sentAt)
    {
        var trace = this[leadId];
        trace.ClientSentAt = sentAt;
        trace.Step = step;
        _bySteps.GetOrAdd(step, _ => []).Add(trace);
    }

    public IReadOnlyCollection<LeadTrace> OfStep(int step) => _bySteps.TryGetValue(step, out var bag) ? bag.ToArray() : [];

    public void CountAssigned() => Interlocked.Increment(ref _assigned);

    public void CountFollowedUp() => Interlocked.Increment(ref _followedUp);
}
