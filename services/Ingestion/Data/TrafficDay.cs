using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Smarketing.Ingestion.Data;

/// <summary>A campaign's traffic and spend from one source on one day, as last reported: a new report replaces it.</summary>
public sealed class TrafficDay
{
    public required string Campaign { get; set; }
    public required string Source { get; set; }
    public DateOnly Date { get; set; }
    public int Visits { get; set; }
    public int Clicks { get; set; }
    public decimal Spend { get; set; }
    public required string Currency { get; set; }
    public DateTime FirstRecordedAt { get; set; }
    public DateTime RecordedAt { get; set; }
    public int Revisions { get; set; }
}

internal sealed class TrafficDayConfiguration : IEntityTypeConfiguration<TrafficDay>
{
    public void Configure(EntityTypeBuilder<TrafficDay> day)
    {
        day.ToTable("traffic_days");
        day.HasKey(d => new { d.Campaign, d.Source, d.Date });
        day.Property(d => d.Campaign).HasMaxLength(200);
        day.Property(d => d.Source).HasMaxLength(64);
        day.Property(d => d.Currency).HasMaxLength(3);
        day.Property(d => d.Spend).HasPrecision(18, 2);
    }
}
