using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Smarketing.ServiceDefaults.Data;

namespace Smarketing.Assignment.Data;

public sealed class AssignmentDbContext(DbContextOptions<AssignmentDbContext> options) : ServiceDbContext(options)
{
    public DbSet<SalesRep> SalesReps => Set<SalesRep>();
    public DbSet<LeadAssignment> Assignments => Set<LeadAssignment>();
    public DbSet<QueuedLead> QueuedLeads => Set<QueuedLead>();
    public DbSet<RoutingDocument> RoutingDocuments => Set<RoutingDocument>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(AssignmentDbContext).Assembly);
    }
}

public sealed class SalesRep
{
    public Guid Id { get; set; }
    public required string Name { get; set; }
    public required string Email { get; set; }
    public List<string> Regions { get; set; } = [];
    public List<string> Products { get; set; } = [];
    public int Capacity { get; set; }
    public int Weight { get; set; } = 1;
    public bool Active { get; set; } = true;
    /// <summary>The rep's own "away" switch: they keep their leads but get no new ones.</summary>
    public bool Away { get; set; }
    public TimeOnly WorkdayStart { get; set; } = new(8, 0);
    public TimeOnly WorkdayEnd { get; set; } = new(17, 0);
    public string TimeZone { get; set; } = "Asia/Jakarta";
    /// <summary>Lower-case English day names ("monday"…); leads still reach an off-shift rep when nobody in the pool is on shift.</summary>
    public List<string> Workdays { get; set; } = ["monday", "tuesday", "wednesday", "thursday", "friday"];
    /// <summary>Leave and other whole days off, in the rep's time zone: no new leads at all on those days.</summary>
    public List<DateOnly> DaysOff { get; set; } = [];
    public DateTime CreatedAt { get; set; }

    public Domain.RepSchedule Schedule() => new(WorkdayStart, WorkdayEnd, TimeZone,
        Workdays.Select(d => Enum.Parse<DayOfWeek>(d, ignoreCase: true)).ToHashSet(), DaysOff.ToHashSet());
}

/// <summary>Who owns a lead. The lead id is the key, so a redelivered LeadScored can never assign twice.</summary>
public sealed class LeadAssignment
{
    public Guid LeadId { get; set; }
    public Guid RepId { get; set; }
    public required string Grade { get; set; }
    public DateTime AssignedAt { get; set; }
    public bool IsOpen { get; set; } = true;
    public required string Reason { get; set; }
    // What routing looked at, so an automatic reassignment picks from the same pool.
    public string Source { get; set; } = "";
    public string? City { get; set; }
    public string? Product { get; set; }
    public string? Campaign { get; set; }
    public string? Language { get; set; }

    public Domain.LeadTraits Traits() => new(Grade, Source, City, Product, Campaign, Language);
}

/// <summary>A qualified lead nobody had room for: assigned as soon as capacity frees, never dropped.</summary>
public sealed class QueuedLead
{
    public Guid LeadId { get; set; }
    public required string Grade { get; set; }
    public string Source { get; set; } = "";
    public string? City { get; set; }
    public string? Product { get; set; }
    public string? Campaign { get; set; }
    public string? Language { get; set; }
    public DateTime QueuedAt { get; set; }
}

/// <summary>The routing rules as managers saved them: one JSON document, replaced as a whole.</summary>
public sealed class RoutingDocument
{
    public int Id { get; set; }
    public required string Document { get; set; }
    public DateTime UpdatedAt { get; set; }
    public string? UpdatedBy { get; set; }
}

internal sealed class RoutingDocumentConfiguration : IEntityTypeConfiguration<RoutingDocument>
{
    public void Configure(EntityTypeBuilder<RoutingDocument> e)
    {
        e.ToTable("routing_rules");
        e.HasKey(x => x.Id);
        e.Property(x => x.Id).ValueGeneratedNever();
        e.Property(x => x.Document).HasColumnType("jsonb");
    }
}

internal sealed class SalesRepConfiguration : IEntityTypeConfiguration<SalesRep>
{
    public void Configure(EntityTypeBuilder<SalesRep> e)
    {
        e.ToTable("sales_reps");
        e.HasKey(x => x.Id);
        e.Property(x => x.Name).HasMaxLength(200);
        e.Property(x => x.Email).HasMaxLength(254);
        e.HasIndex(x => x.Email).IsUnique();
        e.Property(x => x.TimeZone).HasMaxLength(64);
    }
}

internal sealed class LeadAssignmentConfiguration : IEntityTypeConfiguration<LeadAssignment>
{
    public void Configure(EntityTypeBuilder<LeadAssignment> e)
    {
        e.ToTable("lead_assignments");
        e.HasKey(x => x.LeadId);
        e.Property(x => x.Grade).HasMaxLength(1);
        e.Property(x => x.Reason).HasMaxLength(500);
        e.HasIndex(x => new { x.RepId, x.IsOpen });
    }
}

internal sealed class QueuedLeadConfiguration : IEntityTypeConfiguration<QueuedLead>
{
    public void Configure(EntityTypeBuilder<QueuedLead> e)
    {
        e.ToTable("queued_leads");
        e.HasKey(x => x.LeadId);
        e.Property(x => x.Grade).HasMaxLength(1);
    }
}

internal sealed class AssignmentDbContextFactory : IDesignTimeDbContextFactory<AssignmentDbContext>
{
    public AssignmentDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<AssignmentDbContext>().UseNpgsql("Host=localhost;Database=assignmentdb").Options);
}
