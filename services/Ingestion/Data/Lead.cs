using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Smarketing.Ingestion.Data;

/// <summary>
/// One lead per contact while it is open; every captured event is a touch on it. Once closed, the contact's next
/// event opens a new lead that points back to this one (PreviousLeadId).
/// </summary>
public sealed class Lead
{
    public Guid Id { get; set; }
    public string? Email { get; set; }
    public string? Phone { get; set; }
    public string? Name { get; set; }
    public string? Company { get; set; }
    public required string Source { get; set; }
    public string? Campaign { get; set; }
    public bool IsOpen { get; set; } = true;
    public DateTime FirstReceivedAt { get; set; }
    public DateTime LastTouchAt { get; set; }
    public int Touches { get; set; }
    public Guid? PreviousLeadId { get; set; }
}

internal sealed class LeadConfiguration : IEntityTypeConfiguration<Lead>
{
    public void Configure(EntityTypeBuilder<Lead> lead)
    {
        lead.ToTable("leads");
        lead.HasKey(l => l.Id);
        lead.Property(l => l.Email).HasMaxLength(254);
        lead.Property(l => l.Phone).HasMaxLength(32);
        lead.Property(l => l.Source).HasMaxLength(32);
        lead.Property(l => l.Campaign).HasMaxLength(200);
        // Unfiltered: capture looks up a contact's open lead and, failing that, its last closed one.
        lead.HasIndex(l => l.Email);
        lead.HasIndex(l => l.Phone);
        lead.HasOne<Lead>().WithMany().HasForeignKey(l => l.PreviousLeadId).OnDelete(DeleteBehavior.Restrict);
    }
}
