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
    public async Task<LeadView> GetOrAddLeadAsync(Guid leadId, CancellationToken ct)
    {
        if (_leadsLoaded is not null && _leadsLoaded.TryGetValue(leadId, out var loaded))
        {
            return loaded ?? (_leadsLoaded[leadId] = Leads.Add(new LeadView { LeadId = leadId }).Entity);
        }
        return await Leads.FindAsync([leadId], ct) ?? Leads.Add(new LeadView { LeadId = leadId }).Entity;
    }

    /// <summary>Leads read by <see cref="LoadLeadsAsync"/>: their tracked view, or null for a lead new to the read side.</summary>
    private Dictionary<Guid, LeadView?>? _leadsLoaded;

    /// <summary>
    /// Reads the views of a batch's leads in one query, so that <see cref="GetOrAddLeadAsync"/> asks the database about
    /// none of them (not even the new ones); until <see cref="ForgetReadAhead"/>.
    /// </summary>
    public async Task LoadLeadsAsync(IReadOnlyCollection<Guid> leadIds, CancellationToken ct)
    {
        _leadsLoaded = null;
        var found = await Leads.Where(l => leadIds.Contains(l.LeadId)).ToDictionaryAsync(l => l.LeadId, ct);
        _leadsLoaded = leadIds.Distinct().ToDictionary(id => id, id => found.GetValueOrDefault(id));
    }

    /// <summary>After the batch (or its failure): tracking is cleared, so nothing read ahead is known any more.</summary>
    public void ForgetReadAhead()
    {
        _leadsLoaded = null;
        _stepsRead = null;
        _touchesLoaded = null;
    }

    /// <summary>
    /// Steps read by <see cref="PreloadFollowUpsAsync"/>: their ids (each now tracked, or known not to exist yet) and,
    /// of those, the ones an activity completed.
    /// </summary>
    private (HashSet<Guid> Ids, HashSet<Guid> Completed)? _stepsRead;

    /// <summary>
    /// Reads a batch's follow-up steps and the activities that completed any of them in one query each, so the events
    /// of the batch ask the database nothing more about them; until <see cref="ForgetReadAhead"/>.
    /// </summary>
    public async Task PreloadFollowUpsAsync(IReadOnlyCollection<Guid> taskIds, CancellationToken ct)
    {
        var ids = taskIds.ToHashSet();
        var (_, completed) = await ReadStepsAsync(ids, ct);
        _stepsRead = (ids, completed);
    }

    /// <summary>The stored steps among <paramref name="taskIds"/> (tracked from now on) and those an activity completed.</summary>
    private async Task<(Dictionary<Guid, FollowUpView> Stored, HashSet<Guid> Completed)> ReadStepsAsync(IReadOnlyCollection<Guid> taskIds, CancellationToken ct)
    {
        var stored = await FollowUps.Where(f => taskIds.Contains(f.TaskId)).ToDictionaryAsync(f => f.TaskId, ct);
        var completed = await Activities.Where(a => a.CompletedTaskId != null && taskIds.Contains(a.CompletedTaskId.Value))
            .Select(a => a.CompletedTaskId!.Value).Distinct().ToListAsync(ct);
        return (stored, completed.ToHashSet());
    }

    /// <summary>Touches read by <see cref="PreloadTouchesAsync"/>: the leads whose touches were read, and those touches' keys.</summary>
    private (HashSet<Guid> Leads, HashSet<(Guid, string, string)> Keys)? _touchesLoaded;

    /// <summary>Reads the touches of a batch's leads in one query; until <see cref="ForgetReadAhead"/>.</summary>
    public async Task PreloadTouchesAsync(IReadOnlyCollection<Guid> leadIds, CancellationToken ct)
    {
        var ids = leadIds.Distinct().ToList();
        var keys = await LeadTouches.AsNoTracking().Where(t => ids.Contains(t.LeadId)).Select(t => new { t.LeadId, t.Source, t.EventId }).ToListAsync(ct);
        _touchesLoaded = (ids.ToHashSet(), keys.Select(k => (k.LeadId, k.Source, k.EventId)).ToHashSet());
    }

    /// <summary>Records a capture event as a touch of its lead, once: a touch already stored (or added in this batch) is left as it is.</summary>
    public async Task AddTouchOnceAsync(LeadTouchView touch, CancellationToken ct)
    {
        var key = (touch.LeadId, touch.Source, touch.EventId);
        if (_touchesLoaded is { } loaded && loaded.Leads.Contains(touch.LeadId))
        {
            if (loaded.Keys.Add(key)) LeadTouches.Add(touch);
            return;
        }
        if (await LeadTouches.FindAsync([touch.LeadId, touch.Source, touch.EventId], ct) is null) LeadTouches.Add(touch);
    }

    /// <summary>Reads the batch's reps in one query, so that looking each one up finds it tracked.</summary>
    public Task PreloadRepsAsync(IReadOnlyCollection<Guid> repIds, CancellationToken ct)
    {
        var ids = repIds.Distinct().ToList();
        return Reps.Where(r => ids.Contains(r.RepId)).LoadAsync(ct);
    }

    /// <summary>A step read ahead by <see cref="PreloadFollowUpsAsync"/>: (true, its tracked view or null); (false, null) when not read ahead.</summary>
    private (bool Known, FollowUpView? Task) Preloaded(Guid taskId) =>
        _stepsRead?.Ids.Contains(taskId) == true ? (true, FollowUps.Local.FindEntry(taskId)?.Entity) : (false, null);

    /// <summary>Gets a follow-up step, creating it from whichever of its events arrived first.</summary>
    public async Task<FollowUpView> GetOrAddFollowUpAsync(Guid taskId, Guid leadId, int step, string? channel, DateTime dueAt, CancellationToken ct)
    {
        var preloaded = Preloaded(taskId);
        var task = preloaded.Known ? preloaded.Task : await FollowUps.FindAsync([taskId], ct);
        if (task is not null)
        {
            // FollowUpOverdue carries no channel; a later event that knows it fills it in.
            if (task.Channel.Length == 0 && channel is not null) task.Channel = channel;
            return task;
        }
        return FollowUps.Add(new FollowUpView { TaskId = taskId, LeadId = leadId, Step = step, Channel = channel ?? "", DueAt = dueAt }).Entity;
    }

    /// <summary>
    /// Adds or updates the steps of a planned cadence, creating those this is the first event of, and reconciles each
    /// with an activity that completed it before its plan arrived.
    /// </summary>
    public async Task AddPlannedFollowUpsAsync(LeadView lead, Guid repId, IReadOnlyList<ScheduledStep> steps, CancellationToken ct)
    {
        var taskIds = steps.Select(s => s.TaskId).ToList();
        // Read ahead for the batch, or (a rebuild replaying one event) read here, with the same two queries.
        var (stored, completed) = _stepsRead is { } read && taskIds.All(read.Ids.Contains)
            ? (taskIds.Select(id => FollowUps.Local.FindEntry(id)?.Entity).OfType<FollowUpView>().ToDictionary(f => f.TaskId), read.Completed)
            : await ReadStepsAsync(taskIds, ct);
        foreach (var step in steps)
        {
            var task = stored.GetValueOrDefault(step.TaskId)
                ?? FollowUps.Add(new FollowUpView { TaskId = step.TaskId, LeadId = lead.LeadId, Channel = step.Channel }).Entity;
            (task.Step, task.Channel, task.DueAt, task.RepId, task.FirstTouch) = (step.Step, step.Channel, step.DueAt, repId, step.FirstTouch);
            task.Status = FollowUpStatus.Reconcile(task.Status, completed.Contains(step.TaskId), lead.OutcomeResult is not null);
        }
    }

    /// <summary>Applies facts that may have arrived before the step itself: the activity that completed it, or the lead's outcome.</summary>
    public async Task ReconcileFollowUpAsync(FollowUpView task, LeadView lead, CancellationToken ct)
    {
        var completed = _stepsRead is { } read && read.Ids.Contains(task.TaskId)
            ? read.Completed.Contains(task.TaskId)
            : await Activities.AnyAsync(a => a.CompletedTaskId == task.TaskId, ct);
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
        var leads = ChangeTracker.Entries<LeadView>().ToList();
        var pendingSteps = await PendingStepsAsync(leads.Select(e => e.Entity.LeadId).ToList(), ct);
        foreach (var entry in leads)
        {
            var lead = entry.Entity;
            lead.PendingSteps = pendingSteps[lead.LeadId];
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

    /// <summary>
    /// Steps still ahead for each lead: what is stored, as changed by this unit of work. One query and one pass over the
    /// tracked steps for the whole batch, not one of each per lead.
    /// </summary>
    private async Task<Dictionary<Guid, int>> PendingStepsAsync(IReadOnlyList<Guid> leadIds, CancellationToken ct)
    {
        var pending = leadIds.Distinct().ToDictionary(id => id, _ => new HashSet<Guid>());
        if (pending.Count == 0) return [];
        var stored = await FollowUps.AsNoTracking()
            .Where(f => leadIds.Contains(f.LeadId) && f.Status == FollowUpStatus.Pending).Select(f => new { f.LeadId, f.TaskId }).ToListAsync(ct);
        foreach (var step in stored) pending[step.LeadId].Add(step.TaskId);
        foreach (var step in ChangeTracker.Entries<FollowUpView>().Select(e => e.Entity))
        {
            if (!pending.TryGetValue(step.LeadId, out var steps)) continue;
            if (step.Status == FollowUpStatus.Pending) steps.Add(step.TaskId);
            else steps.Remove(step.TaskId);
        }
        return pending.ToDictionary(p => p.Key, p => p.Value.Count);
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
