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
    public DbSet<LeadContact> Contacts => Set<LeadContact>();

    /// <summary>
    /// The leads' contact rows, created when missing and locked until the transaction ends: a capture and its score
    /// arrive together, and without this both would insert a row and one would fail and retry. Rows are created and
    /// locked in key order, so two batches that share leads wait for each other instead of deadlocking.
    /// </summary>
    public async Task<Dictionary<Guid, LeadContact>> LockContactsAsync(IEnumerable<Guid> leadIds, CancellationToken ct)
    {
        var ids = leadIds.Distinct().Order().ToArray();
        await Database.ExecuteSqlAsync($"""
            INSERT INTO lead_contacts ("LeadId") SELECT id FROM unnest({ids}) AS k(id) ORDER BY id ON CONFLICT DO NOTHING
            """, ct);
        return await Contacts.FromSql($"""SELECT * FROM lead_contacts WHERE "LeadId" = ANY({ids}) ORDER BY "LeadId" FOR UPDATE""")
            .ToDictionaryAsync(c => c.LeadId, ct);
    }

    public DbSet<SettingsDocument> Settings => Set<SettingsDocument>();
    public DbSet<Holiday> Holidays => Set<Holiday>();

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

/// <summary>
/// A lead's follow-up plan: who owns it, in which time zone it is worked, and how it ended. A lead recycled to
/// nurture and qualified again starts a new cycle with a fresh plan; the old cycle's steps stay as history.
/// </summary>
public sealed class LeadCadence
{
    public Guid LeadId { get; set; }
    public Guid RepId { get; set; }
    public string RepName { get; set; } = "";
    public required string Grade { get; set; }
    public DateTime AssignedAt { get; set; }
    public int Cycle { get; set; } = 1;
    public string TimeZone { get; set; } = "Asia/Jakarta";
    /// <summary>The first-touch deadline of the plan, kept so a reassigned lead gives its new rep the same window.</summary>
    public double FirstTouchDeadlineMinutes { get; set; }
    public DateTime? PausedUntil { get; set; }
    /// <summary>When a lead lost for timing or budget goes back to nurture; RecycledAt once it has.</summary>
    public DateTime? RecycleAt { get; set; }
    public DateTime? RecycledAt { get; set; }
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
    public int Cycle { get; set; } = 1;
    public int Step { get; set; }
    public required string Channel { get; set; }
    public required string Instructions { get; set; }
    /// <summary>The WhatsApp text or email body template of the step, filled with the lead's data when shown.</summary>
    public string? Message { get; set; }
    public string? Subject { get; set; }
    public DateTime DueAt { get; set; }
    public DateTime OverdueAt { get; set; }
    public bool FirstTouch { get; set; }
    /// <summary>For the first touch: when a still-missed step takes the lead away from its rep (the second miss).</summary>
    public DateTime? EscalateAt { get; set; }
    public DateTime? EscalatedAt { get; set; }
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
    /// <summary>"click" when recorded by the gateway link before the redirect, "logged" when only reported.</summary>
    public string Proof { get; set; } = ActivityProof.Logged;
}

public static class ActivityProof
{
    public const string Click = "click";
    public const string Logged = "logged";
    /// <summary>The outcome of a click before the rep says how it went.</summary>
    public const string Attempted = "attempted";
}

/// <summary>What the follow-up screens show about a lead, kept from LeadReceived and LeadScored.</summary>
public sealed class LeadContact
{
    public Guid LeadId { get; set; }
    public string? Name { get; set; }
    public string? Email { get; set; }
    public string? Phone { get; set; }
    public string? Company { get; set; }
    public string? City { get; set; }
    public string? Product { get; set; }
    public string? Campaign { get; set; }
    public string? Source { get; set; }
    public DateTime? ReceivedAt { get; set; }
    public int? Score { get; set; }
    public string? Grade { get; set; }
    public string? Reasons { get; set; }
    public DateTime? ScoredAt { get; set; }
}

/// <summary>A settings document edited as a whole (the cadences), by name.</summary>
public sealed class SettingsDocument
{
    public required string Name { get; set; }
    public required string Document { get; set; }
    public DateTime UpdatedAt { get; set; }
    public string? UpdatedBy { get; set; }
}

/// <summary>A public holiday: no step falls due on it.</summary>
public sealed class Holiday
{
    public DateOnly Date { get; set; }
    public required string Name { get; set; }
}

internal sealed class LeadContactConfiguration : IEntityTypeConfiguration<LeadContact>
{
    public void Configure(EntityTypeBuilder<LeadContact> e)
    {
        e.ToTable("lead_contacts");
        e.HasKey(x => x.LeadId);
        e.Property(x => x.Reasons).HasColumnType("jsonb");
        e.Property(x => x.Grade).HasMaxLength(1);
    }
}

internal sealed class SettingsDocumentConfiguration : IEntityTypeConfiguration<SettingsDocument>
{
    public void Configure(EntityTypeBuilder<SettingsDocument> e)
    {
        e.ToTable("settings");
        e.HasKey(x => x.Name);
        e.Property(x => x.Name).HasMaxLength(64);
        e.Property(x => x.Document).HasColumnType("jsonb");
    }
}

internal sealed class HolidayConfiguration : IEntityTypeConfiguration<Holiday>
{
    public void Configure(EntityTypeBuilder<Holiday> e)
    {
        e.ToTable("holidays");
        e.HasKey(x => x.Date);
        e.Property(x => x.Name).HasMaxLength(200);
    }
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
        e.Property(x => x.TimeZone).HasMaxLength(64);
        e.Property(x => x.RepName).HasMaxLength(200);
        e.HasIndex(x => x.RecycleAt).HasFilter("\"RecycledAt\" IS NULL AND \"RecycleAt\" IS NOT NULL").HasDatabaseName("ix_cadences_recycle");
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
        e.HasIndex(x => new { x.LeadId, x.Cycle, x.Step }).IsUnique();
        e.Property(x => x.Message).HasMaxLength(2000);
        e.Property(x => x.Subject).HasMaxLength(200);
        e.HasIndex(x => x.EscalateAt).HasFilter("\"Status\" = 'overdue' AND \"EscalatedAt\" IS NULL AND \"EscalateAt\" IS NOT NULL").HasDatabaseName("ix_tasks_escalate");
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
        e.Property(x => x.Proof).HasMaxLength(8);
        e.HasIndex(x => x.LeadId);
    }
}

internal sealed class FollowUpDbContextFactory : IDesignTimeDbContextFactory<FollowUpDbContext>
{
    public FollowUpDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<FollowUpDbContext>().UseNpgsql("Host=localhost;Database=followupdb").Options);
}
