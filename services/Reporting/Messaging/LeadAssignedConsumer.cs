using MassTransit;
using Smarketing.Contracts;
using Smarketing.Reporting.Data;
using Smarketing.Reporting.Reports;
using Smarketing.Reporting.Domain;

namespace Smarketing.Reporting.Messaging;

/// <summary>The latest assignment names the owner; an older one delivered late only adds to the timeline.</summary>
public sealed class LeadAssignedConsumer(ReportingDbContext db, ReportCache cache) : Projection<LeadAssigned>(db, cache)
{
    protected override Task PrepareAsync(IReadOnlyList<LeadAssigned> events, CancellationToken ct) =>
        Db.PreloadRepsAsync(events.Select(e => e.RepId).ToList(), ct);

    protected override async Task ApplyAsync(LeadAssigned e, EventMeta meta, CancellationToken ct)
    {
        var messageId = meta.MessageId;

        var lead = await Db.GetOrAddLeadAsync(e.LeadId, ct);
        if (LeadFacts.IsNewer(lead.AssignedAt, e.AssignedAt))
        {
            lead.OwnerRepId = e.RepId;
            lead.OwnerName = e.RepName;
            lead.AssignedAt = e.AssignedAt;
        }
        lead.FirstAssignedAt = LeadFacts.Earliest(lead.FirstAssignedAt, e.AssignedAt);
        var rep = await Db.Reps.FindAsync([e.RepId], ct) ?? Db.Reps.Add(new RepView { RepId = e.RepId, Name = e.RepName }).Entity;
        rep.Name = e.RepName;

        Db.AddTimeline(messageId, e.LeadId, e.AssignedAt, "assigned", TimelineText.Assigned(e.RepName, e.PreviousRepId, e.Reason));
    }
}
