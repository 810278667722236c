using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Smarketing.Contracts;
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
    public DbSet<EventLogEntry> EventLog => Set<EventLogEntry>();
    public DbSet<LeadTouchView> LeadTouches => Set<LeadTouchView>();
    public DbSet<RepView> Reps => Set<RepView>();
    public DbSet<FunnelCell> FunnelCells => Set<FunnelCell>();
    public DbSet<SpeedCell> SpeedCells => Set<SpeedCell>();

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
    public static DateTime AsUtc(DateTime at) => at.Kind switch
    {
        DateTimeKind.Utc => at,
        DateTimeKind.Local => at.ToUniversalTime(),
        _ => DateTime.SpecifyKind(at, DateTimeKind.Utc),
    };

    /// <summary>
    /// Finishes the projection of one event or of a batch: re-derives every changed lead's status and pending steps, then
    /// saves the rows, the inbox records and the aggregate deltas in one transaction (the caller's, when it holds one).
    /// Touching UpdatedAt makes every event for a lead update its row, so the row version serialises them.
    /// </summary>
    public async Task SaveProjectionAsync(IReadOnlyCollection<Guid> messageIds, string? consumer, CancellationToken ct)
    {
        var changes = new List<(LeadContribution? Before, LeadContribution? After)>();
        foreach (var entry in ChangeTracker.Entries<LeadView>().ToList())
        {
            var lead = entry.Entity;
            lead.PendingSteps = await PendingStepsAsync(lead.LeadId, ct);
            lead.Status = LeadStatus.Derive(lead.OutcomeResult, lead.FirstTouchAt, lead.OwnerRepId, lead.Qualification, lead.RecycledAt, lead.AssignedAt);
            // Touch the lead row only when the event changed it: events that only add steps or timeline lines
            // then never contend for the row (and its version) with the other events of the same lead.
            entry.DetectChanges();
            if (entry.State is not (EntityState.Added or EntityState.Modified)) continue;
            lead.UpdatedAt = DateTime.UtcNow;
            var original = entry.State == EntityState.Added ? null : (LeadView)entry.OriginalValues.ToObject();
            changes.Add((original is null ? null : LeadContribution.Of(Figures(original), ReportPeriod.Jakarta), LeadContribution.Of(Figures(lead), ReportPeriod.Jakarta)));
            // Live screens re-read a lead's lists when what they list by changes; a rebuild tells nobody.
            if (consumer is not null && lead.ReceivedAt is not null &&
                (original?.ReceivedAt is null || original.OwnerRepId != lead.OwnerRepId || original.Status != lead.Status || original.Grade != lead.Grade))
            {
                // A lead that only now became listed (its capture arrived after its assignment) was nobody's before.
                var previousOwner = original?.ReceivedAt is null ? null : original.OwnerRepId;
                Publish(new LeadViewChanged(lead.LeadId, lead.OwnerRepId, previousOwner, lead.Status, lead.Grade, lead.UpdatedAt));
            }
        }
        if (consumer is not null)
        {
            foreach (var messageId in messageIds) MarkProcessed(messageId, consumer);
        }

        var funnel = AggregateDeltas.Funnel(changes);
        var speed = AggregateDeltas.Speed(changes);
        var own = Database.CurrentTransaction is null && (funnel.Count > 0 || speed.Count > 0)
            ? await Database.BeginTransactionAsync(ct) : null;
        try
        {
            await SaveChangesAsync(ct);
            await ReportingAggregates.ApplyAsync(this, funnel, speed, ct);
            if (own is not null) await own.CommitAsync(ct);
        }
        finally
        {
            if (own is not null) await own.DisposeAsync();
        }
    }

    public static LeadFigures Figures(LeadView l) => new(
        l.ReceivedAt, l.Campaign, l.Source, l.OwnerRepId, l.Qualification, l.FirstAssignedAt, l.FirstTouchAt, l.OutcomeResult,
        l.OutcomeValue, l.SalesTouches);

    /// <summary>Steps still ahead for the lead: what is stored, as changed by this unit of work.</summary>
    private async Task<int> PendingStepsAsync(Guid leadId, CancellationToken ct)
    {
        var pending = (await FollowUps.AsNoTracking()
            .Where(f => f.LeadId == leadId && f.Status == FollowUpStatus.Pending).Select(f => f.TaskId).ToListAsync(ct)).ToHashSet();
        foreach (var step in ChangeTracker.Entries<FollowUpView>().Select(e => e.Entity).Where(f => f.LeadId == leadId))
        {
            if (step.Status == FollowUpStatus.Pending) pending.Add(step.TaskId);
            else pending.Remove(step.TaskId);
        }
        return pending.Count;
    }

    /// <summary>Stores the event for rebuilds, in the same transaction as its effects.</summary>
    public void RecordEvent<T>(Guid messageId, DateTime sentAt, Guid? leadId, T message) where T : class =>
        EventLog.Add(new EventLogEntry
        {
            MessageId = messageId,
            Type = typeof(T).Name,
            LeadId = leadId,
            SentAt = AsUtc(sentAt),
            Body = System.Text.Json.JsonSerializer.Serialize(message, EventJson),
        });

    public static readonly System.Text.Json.JsonSerializerOptions EventJson = new(System.Text.Json.JsonSerializerDefaults.Web);

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
