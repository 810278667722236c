using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Smarketing.Reporting.Data;

/// <summary>
/// Every event this service consumed, in the order it was applied: the source the read models are rebuilt from.
/// The message id is unique, so a redelivered event is stored once.
/// </summary>
public sealed class EventLogEntry
{
    public long Seq { get; set; }
    public Guid MessageId { get; set; }
    public required string Type { get; set; }
    public Guid? LeadId { get; set; }
    public DateTime SentAt { get; set; }
    public required string Body { get; set; }
}

/// <summary>A marketing touch: one capture of a lead (the first, or a merged one) from one campaign.</summary>
public sealed class LeadTouchView
{
    public Guid LeadId { get; set; }
    public required string Source { get; set; }
    public required string EventId { get; set; }
    public string? Campaign { get; set; }
    public DateTime At { get; set; }
    /// <summary>The ad click this touch came from (AdClickInfo as jsonb): each touch keeps its own.</summary>
    public string? AdClick { get; set; }
}

/// <summary>A sales rep's latest known name, so aggregates keyed by rep id can be shown by name.</summary>
public sealed class RepView
{
    public Guid RepId { get; set; }
    public required string Name { get; set; }
}

/// <summary>
/// The funnel counts of all leads captured on one local day (Grain 1), month (Grain 2, Period is the 1st) or year (Grain 3)
/// for one campaign, source and current owner (Guid.Empty for none). Maintained by deltas on every lead change.
/// </summary>
public sealed class FunnelCell
{
    public short Grain { get; set; }
    public DateOnly Period { get; set; }
    public required string Campaign { get; set; }
    public required string Source { get; set; }
    public Guid RepId { get; set; }
    public int Leads { get; set; }
    public int Qualified { get; set; }
    public int Assigned { get; set; }
    public int Contacted { get; set; }
    public int Won { get; set; }
    public int Lost { get; set; }
    public decimal Revenue { get; set; }
    public long Touches { get; set; }
}

/// <summary>
/// A speed-to-lead histogram cell: how many leads of a day or month took Bucket seconds (see SpeedBuckets) from capture
/// to first assignment (Kind 1) or first touch (Kind 2). Dim 1 is keyed by campaign and source, Dim 2 by campaign and
/// rep, Dim 3 by rep alone (the unfiltered per-rep report stays small).
/// </summary>
public sealed class SpeedCell
{
    public short Grain { get; set; }
    public DateOnly Period { get; set; }
    public short Dim { get; set; }
    public required string Campaign { get; set; }
    public required string Source { get; set; }
    public Guid RepId { get; set; }
    public short Kind { get; set; }
    public int Bucket { get; set; }
    public int Count { get; set; }
}

internal sealed class ReportModelsConfiguration :
    IEntityTypeConfiguration<EventLogEntry>, IEntityTypeConfiguration<LeadTouchView>, IEntityTypeConfiguration<RepView>,
    IEntityTypeConfiguration<FunnelCell>, IEntityTypeConfiguration<SpeedCell>
{
    public void Configure(EntityTypeBuilder<EventLogEntry> e)
    {
        e.ToTable("event_log");
        e.HasKey(x => x.Seq);
        e.Property(x => x.Seq).UseIdentityAlwaysColumn();
        e.HasIndex(x => x.MessageId).IsUnique();
        e.Property(x => x.Body).HasColumnType("jsonb");
    }

    public void Configure(EntityTypeBuilder<LeadTouchView> e)
    {
        e.ToTable("lead_touch_views");
        e.HasKey(x => new { x.LeadId, x.Source, x.EventId });
        e.HasIndex(x => x.Campaign);
        e.Property(x => x.AdClick).HasColumnType("jsonb");
    }

    public void Configure(EntityTypeBuilder<RepView> e)
    {
        e.ToTable("rep_views");
        e.HasKey(x => x.RepId);
    }

    public void Configure(EntityTypeBuilder<FunnelCell> e)
    {
        e.ToTable("funnel_cells");
        e.HasKey(x => new { x.Grain, x.Period, x.Campaign, x.Source, x.RepId });
        e.Property(x => x.Revenue).HasPrecision(20, 2);
    }

    public void Configure(EntityTypeBuilder<SpeedCell> e)
    {
        e.ToTable("speed_cells");
        e.HasKey(x => new { x.Grain, x.Dim, x.Kind, x.Period, x.Campaign, x.Source, x.RepId, x.Bucket });
    }
}
