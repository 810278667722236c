using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Smarketing.Reporting.Data;

/// <summary>A campaign's traffic and spend from one source on one local day; a new report replaces it.</summary>
public sealed class TrafficDay
{
    public required string Campaign { get; set; }
    public required string Source { get; set; }
    public DateOnly Date { get; set; }
    public int Visits { get; set; }
    public int Clicks { get; set; }
    public decimal Spend { get; set; }
    public required string Currency { get; set; }
    public DateTime UpdatedAt { get; set; }
}

internal sealed class TrafficDayConfiguration : IEntityTypeConfiguration<TrafficDay>
{
    public void Configure(EntityTypeBuilder<TrafficDay> e)
    {
        e.ToTable("traffic_days");
        e.HasKey(x => new { x.Campaign, x.Source, x.Date });
        e.Property(x => x.Spend).HasPrecision(18, 2);
        e.HasIndex(x => x.Date);
    }
}
