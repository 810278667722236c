using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Smarketing.Reporting.Domain;

namespace Smarketing.Reporting.Data;

/// <summary>One planned follow-up step of a lead and where it stands (see FollowUpStatus).</summary>
public sealed class FollowUpView
{
    public Guid TaskId { get; set; }
    public Guid LeadId { get; set; }
    public int Step { get; set; }
    public required string Channel { get; set; }
    public DateTime DueAt { get; set; }
    public string Status { get; set; } = FollowUpStatus.Pending;
    /// <summary>The rep the step was planned for; a missed first touch counts against them.</summary>
    public Guid? RepId { get; set; }
    public bool FirstTouch { get; set; }
    /// <summary>An overdue notice arrived for the step; stays true when it is done late.</summary>
    public bool Breached { get; set; }
}

internal sealed class FollowUpViewConfiguration : IEntityTypeConfiguration<FollowUpView>
{
    public void Configure(EntityTypeBuilder<FollowUpView> e)
    {
        e.ToTable("followup_views");
        e.HasKey(x => x.TaskId);
        e.HasIndex(x => x.LeadId);
        e.HasIndex(x => x.RepId).HasFilter("\"FirstTouch\"");
    }
}
