using System.Diagnostics.Metrics;

namespace Smarketing.Scoring;

/// <summary>Scoring counters on the "Smarketing" meter, which ServiceDefaults exports with the rest of the telemetry.</summary>
public sealed class ScoringMetrics
{
    private readonly Counter<long> _scored;

    public ScoringMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(ServiceDefaultsExtensions.MeterName);
        _scored = meter.CreateCounter<long>("smarketing.leads.scored", "{event}",
            "Lead events scored (a new lead, or an open one rescored for a merged touch), by qualification.");
    }

    public void Scored(string qualification) =>
        _scored.Add(1, new KeyValuePair<string, object?>("qualification", qualification));
}
