using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Smarketing.Reporting.Data;

/// <summary>A logged sales touch. CompletedTaskId lets a step scheduled later still be shown as done.</summary>
public sealed class ActivityView
{
    public Guid ActivityId { get; set; }
    public Guid LeadId { get; set; }
    public required string Type { get; set; }
    public required string Outcome { get; set; }
    public string? Notes { get; set; }
    public DateTime At { get; set; }
    public Guid? CompletedTaskId { get; set; }
}

internal sealed class ActivityViewConfiguration : IEntityTypeConfiguration<ActivityView>
{
    public void Configure(EntityTypeBuilder<ActivityView> e)
    {
        e.ToTable("activity_views");
        e.HasKey(x => x.ActivityId);
        e.HasIndex(x => x.LeadId);
        e.HasIndex(x => x.CompletedTaskId);
    }
}
