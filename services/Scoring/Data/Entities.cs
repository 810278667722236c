using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Smarketing.Scoring.Data;

/// <summary>One version of the scoring model: its document, where it is in its life, and who approved it.</summary>
public sealed class StoredModel
{
    public int Version { get; set; }
    public required string Document { get; set; }
    public required string Status { get; set; }
    public required string CreatedBy { get; set; }
    public required string CreatedByName { get; set; }
    public DateTime CreatedAt { get; set; }
    public string? MarketingApprovedBy { get; set; }
    public string? MarketingApprovedByName { get; set; }
    public DateTime? MarketingApprovedAt { get; set; }
    public string? SalesApprovedBy { get; set; }
    public string? SalesApprovedByName { get; set; }
    public DateTime? SalesApprovedAt { get; set; }
    public DateTime? ActivatedAt { get; set; }
    public DateTime? RetiredAt { get; set; }
    public uint RowVersion { get; set; }
}

/// <summary>Rescoring the open leads after an activation; any replica may pick it up, one at a time.</summary>
public sealed class RescoreJob
{
    public int Version { get; set; }
    public required string Status { get; set; }
    public int Total { get; set; }
    public int Done { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? StartedAt { get; set; }
    public DateTime? HeartbeatAt { get; set; }
    public DateTime? FinishedAt { get; set; }
    public string? Worker { get; set; }
    public uint RowVersion { get; set; }
}

/// <summary>How a lead ended, from LeadOutcomeRecorded: what backtests and the learner learn from.</summary>
public sealed class LeadOutcome
{
    public Guid LeadId { get; set; }
    public required string Result { get; set; }
    public decimal? Value { get; set; }
    public DateTime ClosedAt { get; set; }
}

/// <summary>Who owns a lead, from LeadAssigned: only they (or a manager) may flag it.</summary>
public sealed class LeadOwner
{
    public Guid LeadId { get; set; }
    public Guid RepId { get; set; }
    public DateTime AssignedAt { get; set; }
}

/// <summary>Sales saying a lead was a bad fit, kept with the model and rules that rated it.</summary>
public sealed class LeadFlag
{
    public Guid LeadId { get; set; }
    public required string Reason { get; set; }
    public required string FlaggedBy { get; set; }
    public required string FlaggedByName { get; set; }
    public Guid? RepId { get; set; }
    public required string ModelVersion { get; set; }
    public required string FiredRules { get; set; }
    public string? Campaign { get; set; }
    public int Score { get; set; }
    public required string Grade { get; set; }
    public DateTime FlaggedAt { get; set; }
}

internal sealed class StoredModelConfiguration : IEntityTypeConfiguration<StoredModel>
{
    public void Configure(EntityTypeBuilder<StoredModel> e)
    {
        e.ToTable("scoring_models");
        e.HasKey(x => x.Version);
        e.Property(x => x.Version).ValueGeneratedNever();
        e.Property(x => x.Document).HasColumnType("jsonb");
        e.Property(x => x.Status).HasMaxLength(16);
        e.Property(x => x.CreatedBy).HasMaxLength(64);
        e.Property(x => x.CreatedByName).HasMaxLength(200);
        e.Property(x => x.MarketingApprovedBy).HasMaxLength(64);
        e.Property(x => x.MarketingApprovedByName).HasMaxLength(200);
        e.Property(x => x.SalesApprovedBy).HasMaxLength(64);
        e.Property(x => x.SalesApprovedByName).HasMaxLength(200);
        e.Property(x => x.RowVersion).IsRowVersion();
        // Exactly one active model, enforced by the database whatever the replicas do.
        e.HasIndex(x => x.Status).IsUnique().HasFilter("\"Status\" = 'active'").HasDatabaseName("ux_scoring_models_one_active");
    }
}

internal sealed class RescoreJobConfiguration : IEntityTypeConfiguration<RescoreJob>
{
    public void Configure(EntityTypeBuilder<RescoreJob> e)
    {
        e.ToTable("rescore_jobs");
        e.HasKey(x => x.Version);
        e.Property(x => x.Version).ValueGeneratedNever();
        e.Property(x => x.Status).HasMaxLength(16);
        e.Property(x => x.Worker).HasMaxLength(200);
        e.Property(x => x.RowVersion).IsRowVersion();
    }
}

internal sealed class LeadOutcomeConfiguration : IEntityTypeConfiguration<LeadOutcome>
{
    public void Configure(EntityTypeBuilder<LeadOutcome> e)
    {
        e.ToTable("lead_outcomes");
        e.HasKey(x => x.LeadId);
        e.Property(x => x.Result).HasMaxLength(16);
    }
}

internal sealed class LeadOwnerConfiguration : IEntityTypeConfiguration<LeadOwner>
{
    public void Configure(EntityTypeBuilder<LeadOwner> e)
    {
        e.ToTable("lead_owners");
        e.HasKey(x => x.LeadId);
    }
}

internal sealed class LeadFlagConfiguration : IEntityTypeConfiguration<LeadFlag>
{
    public void Configure(EntityTypeBuilder<LeadFlag> e)
    {
        e.ToTable("lead_flags");
        e.HasKey(x => x.LeadId);
        e.Property(x => x.Reason).HasMaxLength(1000);
        e.Property(x => x.FlaggedBy).HasMaxLength(64);
        e.Property(x => x.FlaggedByName).HasMaxLength(200);
        e.Property(x => x.ModelVersion).HasMaxLength(64);
        e.Property(x => x.FiredRules).HasColumnType("jsonb");
        e.Property(x => x.Campaign).HasMaxLength(200);
        e.Property(x => x.Grade).HasMaxLength(1);
    }
}
