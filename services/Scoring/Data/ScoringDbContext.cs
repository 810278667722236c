using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Smarketing.ServiceDefaults.Data;

namespace Smarketing.Scoring.Data;

public sealed class ScoringDbContext(DbContextOptions<ScoringDbContext> options) : ServiceDbContext(options)
{
    public DbSet<LeadScore> LeadScores => Set<LeadScore>();
    public DbSet<StoredModel> Models => Set<StoredModel>();
    public DbSet<RescoreJob> RescoreJobs => Set<RescoreJob>();
    public DbSet<LeadOutcome> LeadOutcomes => Set<LeadOutcome>();
    public DbSet<LeadOwner> LeadOwners => Set<LeadOwner>();
    public DbSet<LeadFlag> LeadFlags => Set<LeadFlag>();

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
    public string? Campaign { get; set; }
    /// <summary>PostgreSQL's xmin: a rescore never overwrites a merge that landed after it read the row.</summary>
    public uint RowVersion { get; set; }
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
        e.Property(x => x.Campaign).HasMaxLength(200);
        e.Property(x => x.RowVersion).IsRowVersion();
        e.HasIndex(x => x.ModelVersion);
    }
}

internal sealed class ScoringDbContextFactory : IDesignTimeDbContextFactory<ScoringDbContext>
{
    public ScoringDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<ScoringDbContext>().UseNpgsql("Host=localhost;Database=scoringdb").Options);
}
