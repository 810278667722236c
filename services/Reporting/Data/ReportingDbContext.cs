using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Smarketing.Reporting.Domain;
using Smarketing.ServiceDefaults.Data;

namespace Smarketing.Reporting.Data;

/// <summary>
/// The read side: denormalised views of every lead, built from the events of the other services. Strings are
/// unbounded text here, so a projection never rejects what the owning service accepted.
/// </summary>
public sealed class ReportingDbContext(DbContextOptions<ReportingDbContext> options) : ServiceDbContext(options)
{
    public DbSet<LeadView> Leads => Set<LeadView>();
    public DbSet<FollowUpView> FollowUps => Set<FollowUpView>();
    public DbSet<ActivityView> Activities => Set<ActivityView>();
    public DbSet<TimelineEntry> Timeline => Set<TimelineEntry>();
    public DbSet<TrafficDay> TrafficDays => Set<TrafficDay>();

    /// <summary>Events arrive in any order, so whichever comes first for a lead creates its row.</summary>
    public async Task<LeadView> GetOrAddLeadAsync(Guid leadId, CancellationToken ct) =>
        await Leads.FindAsync([leadId], ct) ?? Leads.Add(new LeadView { LeadId = leadId }).Entity;

    /// <summary>Gets a follow-up step, creating it from whichever of its events arrived first.</summary>
    public async Task<FollowUpView> GetOrAddFollowUpAsync(Guid taskId, Guid leadId, int step, string? channel, DateTime dueAt, CancellationToken ct)
    {
        var task = await FollowUps.FindAsync([taskId], ct);
        if (task is not null)
        {
            // FollowUpOverdue carries no channel; a later event that knows it fills it in.
            if (task.Channel.Length == 0 && channel is not null) task.Channel = channel;
            return task;
        }
        return FollowUps.Add(new FollowUpView { TaskId = taskId, LeadId = leadId, Step = step, Channel = channel ?? "", DueAt = dueAt }).Entity;
    }

    /// <summary>Applies facts that may have arrived before the step itself: the activity that completed it, or the lead's outcome.</summary>
    public async Task ReconcileFollowUpAsync(FollowUpView task, LeadView lead, CancellationToken ct)
    {
        var completed = await Activities.AnyAsync(a => a.CompletedTaskId == task.TaskId, ct);
        task.Status = FollowUpStatus.Reconcile(task.Status, completed, lead.OutcomeResult is not null);
    }

    /// <summary>The message id is the entry's key, so one event never shows twice.</summary>
    public void AddTimeline(Guid messageId, Guid leadId, DateTime at, string type, string summary) =>
        Timeline.Add(new TimelineEntry { Id = messageId, LeadId = leadId, At = AsUtc(at), Type = type, Summary = summary });

    // Header times (SentTime) may come back without a kind; timestamptz columns take UTC only.
    private static DateTime AsUtc(DateTime at) => at.Kind switch
    {
        DateTimeKind.Utc => at,
        DateTimeKind.Local => at.ToUniversalTime(),
        _ => DateTime.SpecifyKind(at, DateTimeKind.Utc),
    };

    /// <summary>
    /// Re-derives the lead's status from all its fields and saves it with the inbox record in one transaction.
    /// Touching UpdatedAt makes every event for a lead update its row, so the row version serialises them.
    /// </summary>
    public Task<int> SaveProjectionAsync(LeadView lead, Guid messageId, string consumer, CancellationToken ct)
    {
        lead.Status = LeadStatus.Derive(lead.OutcomeResult, lead.FirstTouchAt, lead.OwnerRepId, lead.Qualification, lead.RecycledAt, lead.AssignedAt);
        // Touch the lead row only when the event changed it: events that only add steps or timeline lines
        // then never contend for the row (and its version) with the other events of the same lead.
        ChangeTracker.DetectChanges();
        if (Entry(lead).State is EntityState.Added or EntityState.Modified) lead.UpdatedAt = DateTime.UtcNow;
        MarkProcessed(messageId, consumer);
        return SaveChangesAsync(ct);
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(ReportingDbContext).Assembly);
    }
}

internal sealed class ReportingDbContextFactory : IDesignTimeDbContextFactory<ReportingDbContext>
{
    public ReportingDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<ReportingDbContext>().UseNpgsql("Host=localhost;Database=reportingdb").Options);
}
