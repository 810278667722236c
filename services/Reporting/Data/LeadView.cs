using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Smarketing.Reporting.Domain;

namespace Smarketing.Reporting.Data;

/// <summary>
/// Everything the sales UI and the reports know about one lead. Each event sets only its own fields;
/// the row exists as soon as any event for the lead arrives, and is listed once LeadReceived has set ReceivedAt.
/// </summary>
public sealed class LeadView
{
    public Guid LeadId { get; set; }
    public string? Source { get; set; }
    public string? Campaign { get; set; }
    public DateTime? ReceivedAt { get; set; }
    public string? Contact { get; set; }
    public string? Interest { get; set; }
    public string? Utm { get; set; }
    /// <summary>The ad click of the earliest touch: the ad the lead came from (AdClickInfo as jsonb).</summary>
    public string? AdClick { get; set; }
    /// <summary>The latest capture's consent that said anything (ConsentInfo as jsonb): a person may change their mind.</summary>
    public string? Consent { get; set; }
    public DateTime? ConsentAt { get; set; }
    public int Touches { get; set; }

    // Copied out of Contact so the list can search them with ILIKE and show them without parsing jsonb.
    public string? Name { get; set; }
    public string? Email { get; set; }
    public string? Phone { get; set; }
    public string? Company { get; set; }
    public string? City { get; set; }

    public int? Score { get; set; }
    public string? Grade { get; set; }
    public string? Qualification { get; set; }
    public string? Reasons { get; set; }
    public string? ModelVersion { get; set; }
    public DateTime? ScoredAt { get; set; }

    public Guid? OwnerRepId { get; set; }
    public string? OwnerName { get; set; }
    public DateTime? AssignedAt { get; set; }
    /// <summary>The first time any rep owned the lead: capture to this is the speed of assignment.</summary>
    public DateTime? FirstAssignedAt { get; set; }

    public DateTime? FirstTouchAt { get; set; }
    public DateTime? LastTouchAt { get; set; }
    public int SalesTouches { get; set; }
    /// <summary>Follow-up steps still ahead (pending, not yet overdue); zero with no outcome means nothing is due.</summary>
    public int PendingSteps { get; set; }

    public string? OutcomeResult { get; set; }
    public decimal? OutcomeValue { get; set; }
    public string? OutcomeCurrency { get; set; }
    public string? OutcomeReason { get; set; }
    public DateTime? ClosedAt { get; set; }
    /// <summary>When a lost lead went back to nurture; its earlier outcome and owner are on the timeline.</summary>
    public DateTime? RecycledAt { get; set; }

    /// <summary>Derived by LeadStatus.Derive on every save; stored only so the list can filter and index on it.</summary>
    public string Status { get; set; } = LeadStatus.New;
    public DateTime UpdatedAt { get; set; }

    /// <summary>PostgreSQL's xmin: two events for one lead handled at once conflict, and the loser is retried.</summary>
    public uint Version { get; set; }
}

internal sealed class LeadViewConfiguration : IEntityTypeConfiguration<LeadView>
{
    public void Configure(EntityTypeBuilder<LeadView> e)
    {
        e.ToTable("lead_views");
        e.HasKey(x => x.LeadId);
        e.Property(x => x.Version).IsRowVersion();
        e.Property(x => x.Contact).HasColumnType("jsonb");
        e.Property(x => x.Interest).HasColumnType("jsonb");
        e.Property(x => x.Utm).HasColumnType("jsonb");
        e.Property(x => x.AdClick).HasColumnType("jsonb");
        e.Property(x => x.Consent).HasColumnType("jsonb");
        e.Property(x => x.Reasons).HasColumnType("jsonb");
        e.Property(x => x.OutcomeValue).HasPrecision(18, 2);
        e.HasIndex(x => x.ReceivedAt);
        e.HasIndex(x => new { x.OwnerRepId, x.ReceivedAt });
        e.HasIndex(x => new { x.Status, x.ReceivedAt });
        e.HasIndex(x => new { x.Campaign, x.ReceivedAt });
        // The black hole: open leads with fewer than five touches, narrow enough to be read from the index alone.
        e.HasIndex(x => x.ReceivedAt, "ix_lead_views_black_hole")
            .IncludeProperties(x => new { x.Campaign, x.OwnerRepId, x.Status, x.PendingSteps, x.LastTouchAt })
            .HasFilter("\"OutcomeResult\" IS NULL AND \"SalesTouches\" < 5 AND \"Status\" IN ('new', 'assigned', 'contacted')");
    }
}
