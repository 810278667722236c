using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Smarketing.Ingestion.Data;

/// <summary>A captured event exactly as accepted (normalised); (source, eventId) is unique, which makes capture idempotent.</summary>
public sealed class LeadEvent
{
    public Guid Id { get; set; }
    public required string Source { get; set; }
    public required string EventId { get; set; }
    public Guid LeadId { get; set; }
    public bool Merged { get; set; }
    public DateTime OccurredAt { get; set; }
    public DateTime ReceivedAt { get; set; }
    public required string Payload { get; set; }
}

internal sealed class LeadEventConfiguration : IEntityTypeConfiguration<LeadEvent>
{
    public void Configure(EntityTypeBuilder<LeadEvent> e)
    {
        e.ToTable("lead_events");
        e.HasKey(x => x.Id);
        e.Property(x => x.Source).HasMaxLength(32);
        e.Property(x => x.EventId).HasMaxLength(128);
        e.Property(x => x.Payload).HasColumnType("jsonb");
        e.HasIndex(x => new { x.Source, x.EventId }).IsUnique();
        e.HasIndex(x => x.LeadId);
    }
}
