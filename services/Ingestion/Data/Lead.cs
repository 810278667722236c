using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Smarketing.Ingestion.Data;

/// <summary>One lead per contact while it is open; every captured event is a touch on it.</summary>
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
        lead.HasIndex(l => l.Email).HasFilter("\"IsOpen\"");
        lead.HasIndex(l => l.Phone).HasFilter("\"IsOpen\"");
    }
}
