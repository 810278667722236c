using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Smarketing.ServiceDefaults.Data;

namespace Smarketing.Scoring.Data;

public sealed class ScoringDbContext(DbContextOptions<ScoringDbContext> options) : ServiceDbContext(options)
{
    public DbSet<LeadScore> LeadScores => Set<LeadScore>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(ScoringDbContext).Assembly);
    }
}

/// <summary>A lead's current profile and its latest score, with the model version and the reasons behind it.</summary>
public sealed class LeadScore
{
    public Guid LeadId { get; set; }
    public required string Profile { get; set; }
    public int Value { get; set; }
    public required string Grade { get; set; }
    public required string Qualification { get; set; }
    public required string Reasons { get; set; }
    public required string ModelVersion { get; set; }
    public DateTime ScoredAt { get; set; }
}

internal sealed class LeadScoreConfiguration : IEntityTypeConfiguration<LeadScore>
{
    public void Configure(EntityTypeBuilder<LeadScore> e)
    {
        e.ToTable("lead_scores");
        e.HasKey(x => x.LeadId);
        e.Property(x => x.Profile).HasColumnType("jsonb");
        e.Property(x => x.Reasons).HasColumnType("jsonb");
        e.Property(x => x.Grade).HasMaxLength(1);
        e.Property(x => x.Qualification).HasMaxLength(16);
        e.Property(x => x.ModelVersion).HasMaxLength(64);
    }
}

internal sealed class ScoringDbContextFactory : IDesignTimeDbContextFactory<ScoringDbContext>
{
    public ScoringDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<ScoringDbContext>().UseNpgsql("Host=localhost;Database=scoringdb").Options);
}
