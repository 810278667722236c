using System.Diagnostics.Metrics;

namespace Smarketing.Assignment;

/// <summary>Assignment counters on the "Smarketing" meter, which ServiceDefaults exports with the rest of the telemetry.</summary>
public sealed class AssignmentMetrics
{
    private readonly Counter<long> _assigned;
    private readonly Counter<long> _reassigned;

    public AssignmentMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(ServiceDefaultsExtensions.MeterName);
        _assigned = meter.CreateCounter<long>("smarketing.leads.assigned", "{lead}",
            "Leads given an owner by the routing rules, by grade (reassignments are counted apart).");
        _reassigned = meter.CreateCounter<long>("smarketing.leads.reassigned", "{lead}",
            "Open leads moved to another rep, by hand or after missed first touches.");
    }

    public void Assigned(string grade) => _assigned.Add(1, new KeyValuePair<string, object?>("grade", grade));

    public void Reassigned() => _reassigned.Add(1);
}
