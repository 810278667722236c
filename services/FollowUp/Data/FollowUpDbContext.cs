using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Smarketing.ServiceDefaults.Data;

namespace Smarketing.FollowUp.Data;

public sealed class FollowUpDbContext(DbContextOptions<FollowUpDbContext> options) : ServiceDbContext(options)
{
    public DbSet<LeadCadence> Cadences => Set<LeadCadence>();
    public DbSet<FollowUpTask> Tasks => Set<FollowUpTask>();
    public DbSet<Activity> Activities => Set<Activity>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(FollowUpDbContext).Assembly);
    }
}

public static class TaskStatuses
{
    public const string Pending = "pending";
    public const string Done = "done";
    public const string Overdue = "overdue";
    public const string Cancelled = "cancelled";
}

/// <summary>A lead's follow-up plan: who owns it, and how it ended.</summary>
public sealed class LeadCadence
{
    public Guid LeadId { get; set; }
    public Guid RepId { get; set; }
    public required string Grade { get; set; }
    public DateTime AssignedAt { get; set; }
    public string? OutcomeResult { get; set; }
    public decimal? OutcomeValue { get; set; }
    public string? OutcomeCurrency { get; set; }
    public string? OutcomeReason { get; set; }
    public DateTime? ClosedAt { get; set; }
    public bool IsOpen => OutcomeResult is null;
}

/// <summary>One planned step. The dispatcher claims due rows with FOR UPDATE SKIP LOCKED, so replicas never double-notify.</summary>
public sealed class FollowUpTask
{
    public Guid Id { get; set; }
    public Guid LeadId { get; set; }
    public Guid RepId { get; set; }
    public int Step { get; set; }
    public required string Channel { get; set; }
    public required string Instructions { get; set; }
    public DateTime DueAt { get; set; }
    public DateTime OverdueAt { get; set; }
    public bool FirstTouch { get; set; }
    public string Status { get; set; } = TaskStatuses.Pending;
    public DateTime? DueNotifiedAt { get; set; }
    public DateTime? OverdueNotifiedAt { get; set; }
    public DateTime? CompletedAt { get; set; }
    public Guid? ActivityId { get; set; }
}

public sealed class Activity
{
    public Guid Id { get; set; }
    public Guid LeadId { get; set; }
    public Guid RepId { get; set; }
    public required string Type { get; set; }
    public required string Outcome { get; set; }
    public string? Notes { get; set; }
    public DateTime At { get; set; }
    public DateTime LoggedAt { get; set; }
    public Guid? TaskId { get; set; }
}

internal sealed class LeadCadenceConfiguration : IEntityTypeConfiguration<LeadCadence>
{
    public void Configure(EntityTypeBuilder<LeadCadence> e)
    {
        e.ToTable("lead_cadences");
        e.HasKey(x => x.LeadId);
        e.Ignore(x => x.IsOpen);
        e.Property(x => x.Grade).HasMaxLength(1);
        e.Property(x => x.OutcomeResult).HasMaxLength(16);
        e.Property(x => x.OutcomeCurrency).HasMaxLength(3);
        e.Property(x => x.OutcomeReason).HasMaxLength(1000);
        e.Property(x => x.OutcomeValue).HasPrecision(18, 2);
    }
}

internal sealed class FollowUpTaskConfiguration : IEntityTypeConfiguration<FollowUpTask>
{
    public void Configure(EntityTypeBuilder<FollowUpTask> e)
    {
        e.ToTable("followup_tasks");
        e.HasKey(x => x.Id);
        e.Property(x => x.Channel).HasMaxLength(16);
        e.Property(x => x.Status).HasMaxLength(16);
        e.HasIndex(x => new { x.LeadId, x.Step }).IsUnique();
        e.HasIndex(x => x.DueAt).HasFilter("\"Status\" = 'pending' AND \"DueNotifiedAt\" IS NULL").HasDatabaseName("ix_tasks_due");
        e.HasIndex(x => x.OverdueAt).HasFilter("\"Status\" = 'pending' AND \"OverdueNotifiedAt\" IS NULL").HasDatabaseName("ix_tasks_overdue");
        e.HasIndex(x => new { x.RepId, x.Status, x.DueAt });
    }
}

internal sealed class ActivityConfiguration : IEntityTypeConfiguration<Activity>
{
    public void Configure(EntityTypeBuilder<Activity> e)
    {
        e.ToTable("activities");
        e.HasKey(x => x.Id);
        e.Property(x => x.Type).HasMaxLength(16);
        e.Property(x => x.Outcome).HasMaxLength(16);
        e.Property(x => x.Notes).HasMaxLength(4000);
        e.HasIndex(x => x.LeadId);
    }
}

internal sealed class FollowUpDbContextFactory : IDesignTimeDbContextFactory<FollowUpDbContext>
{
    public FollowUpDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<FollowUpDbContext>().UseNpgsql("Host=localhost;Database=followupdb").Options);
}
