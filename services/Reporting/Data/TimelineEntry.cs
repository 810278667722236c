using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Smarketing.Reporting.Data;

/// <summary>One line of a lead's history, keyed by the id of the message that caused it.</summary>
public sealed class TimelineEntry
{
    public Guid Id { get; set; }
    public Guid LeadId { get; set; }
    public DateTime At { get; set; }
    public required string Type { get; set; }
    public required string Summary { get; set; }
}

internal sealed class TimelineEntryConfiguration : IEntityTypeConfiguration<TimelineEntry>
{
    public void Configure(EntityTypeBuilder<TimelineEntry> e)
    {
        e.ToTable("timeline_entries");
        e.HasKey(x => x.Id);
        e.HasIndex(x => new { x.LeadId, x.At });
    }
}
