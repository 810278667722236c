using MassTransit;
using Microsoft.EntityFrameworkCore;
using Smarketing.Assignment.Data;
using Smarketing.Assignment.Domain;
using Smarketing.Contracts;
using StackExchange.Redis;

namespace Smarketing.Assignment;

/// <summary>
/// Gives a qualified lead to the next rep with room. The round-robin cursor and the load counters live in
/// Redis so every replica shares them; a Redis lock makes read-pick-write atomic across replicas, and the
/// load counters are rebuilt from PostgreSQL (the truth) whenever Redis has lost them.
/// </summary>
public sealed class LeadAssigner(AssignmentDbContext db, IConnectionMultiplexer redis, ILogger<LeadAssigner> logger)
{
    private const string LockKey = "smk:assignment:lock";
    private const string CursorKey = "smk:assignment:cursor:";
    private const string LoadKey = "smk:assignment:load";
    private static readonly TimeSpan LockExpiry = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Assigns the lead by the routing rules (first matching pool with room, then the fallback), or queues it
    /// when nobody has room. False when it was already assigned.
    /// </summary>
    public async Task<bool> AssignAsync(Guid leadId, LeadTraits lead, string reason, Action? beforeSave, CancellationToken ct)
    {
        if (await db.Assignments.AnyAsync(a => a.LeadId == leadId, ct)) return false;

        var store = redis.GetDatabase();
        var token = Guid.NewGuid().ToString("N");
        await AcquireLockAsync(store, token, ct);
        try
        {
            var reps = await db.SalesReps.AsNoTracking().Where(r => r.Active && !r.Away).ToListAsync(ct);
            var loads = await LoadsAsync(store, ct);
            var table = await RoutingStore.LoadAsync(db, ct);
            foreach (var pool in Router.PoolsFor(lead, table))
            {
                var members = reps.Where(r => pool.RepIds is null || pool.RepIds.Contains(r.Id)).ToList();
                var cursor = await CursorAsync(store, pool.Name);
                var pick = WeightedRoundRobin.Pick(members.Select(r =>
                    new RepSlot(r.Id, r.Weight, r.Capacity, loads.GetValueOrDefault(r.Id), cursor.GetValueOrDefault(r.Id))).ToList());
                if (pick.RepId is not { } repId) continue;

                var rep = members.Single(r => r.Id == repId);
                var now = DateTime.UtcNow;
                var why = pool.Name == Router.FallbackPool ? reason : $"{reason}; rule '{pool.Name}'";
                db.Assignments.Add(new LeadAssignment { LeadId = leadId, RepId = repId, Grade = lead.Grade, AssignedAt = now, Reason = why });
                await db.QueuedLeads.Where(q => q.LeadId == leadId).ExecuteDeleteAsync(ct);
                db.Publish(new LeadAssigned(leadId, repId, rep.Name, lead.Grade, now, null, why));
                beforeSave?.Invoke();
                await db.SaveChangesAsync(ct);

                await store.HashIncrementAsync(LoadKey, repId.ToString());
                await store.HashSetAsync(CursorKey + pool.Name, pick.CurrentWeights.Select(w => new HashEntry(w.Key.ToString(), w.Value)).ToArray());
                logger.LogInformation("Assigned lead {LeadId} (grade {Grade}) to {RepName} ({RepId}) from pool {Pool}", leadId, lead.Grade, rep.Name, repId, pool.Name);
                return true;
            }

            if (!await db.QueuedLeads.AnyAsync(q => q.LeadId == leadId, ct))
            {
                db.QueuedLeads.Add(new QueuedLead
                {
                    LeadId = leadId, Grade = lead.Grade, Source = lead.Source, City = lead.City, Product = lead.Product,
                    Campaign = lead.Campaign, QueuedAt = DateTime.UtcNow,
                });
            }
            beforeSave?.Invoke();
            await db.SaveChangesAsync(ct);
            logger.LogWarning("No rep has room for lead {LeadId} (grade {Grade}); queued until capacity frees", leadId, lead.Grade);
            return true;
        }
        finally
        {
            await store.LockReleaseAsync(LockKey, token);
        }
    }

    /// <summary>
    /// Moves an open lead to <paramref name="toRepId"/>, or to the next rep with room by the round robin
    /// (never back to the current owner). Null when the lead is not assigned or nobody else has room.
    /// </summary>
    public async Task<ReassignResult> ReassignAsync(Guid leadId, Guid? toRepId, string reason, CancellationToken ct)
    {
        var store = redis.GetDatabase();
        var token = Guid.NewGuid().ToString("N");
        await AcquireLockAsync(store, token, ct);
        try
        {
            var assignment = await db.Assignments.FirstOrDefaultAsync(a => a.LeadId == leadId, ct);
            if (assignment is not { IsOpen: true }) return ReassignResult.NotAssigned;

            var reps = await db.SalesReps.AsNoTracking().Where(r => r.Active && !r.Away && r.Id != assignment.RepId).ToListAsync(ct);
            var loads = await LoadsAsync(store, ct);
            var cursor = await CursorAsync(store, Router.FallbackPool);
            var pool = reps.Where(r => toRepId is null || r.Id == toRepId)
                .Select(r => new RepSlot(r.Id, r.Weight, r.Capacity, loads.GetValueOrDefault(r.Id), cursor.GetValueOrDefault(r.Id))).ToList();
            if (toRepId is not null && pool.Count == 0) return ReassignResult.UnknownRep;
            var pick = WeightedRoundRobin.Pick(pool);
            if (pick.RepId is not { } repId) return ReassignResult.NoRoom;

            var rep = reps.Single(r => r.Id == repId);
            var previous = assignment.RepId;
            var now = DateTime.UtcNow;
            assignment.RepId = repId;
            assignment.AssignedAt = now;
            assignment.Reason = reason;
            db.Publish(new LeadAssigned(leadId, repId, rep.Name, assignment.Grade, now, previous, reason));
            await db.SaveChangesAsync(ct);

            await store.KeyDeleteAsync(LoadKey);
            if (toRepId is null)
            {
                await store.HashSetAsync(CursorKey + Router.FallbackPool, pick.CurrentWeights.Select(w => new HashEntry(w.Key.ToString(), w.Value)).ToArray());
            }
            logger.LogInformation("Reassigned lead {LeadId} from {PreviousRepId} to {RepName} ({RepId})", leadId, previous, rep.Name, repId);
            return new ReassignResult(ReassignOutcome.Reassigned, repId, rep.Name, previous);
        }
        finally
        {
            await store.LockReleaseAsync(LockKey, token);
        }
    }

    /// <summary>A closed lead frees a place in its owner's capacity; the oldest queued lead takes it.</summary>
    public async Task ReleaseAsync(Guid leadId, CancellationToken ct)
    {
        var released = await db.Assignments.Where(a => a.LeadId == leadId && a.IsOpen)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.IsOpen, false), ct);
        if (released == 0) return;
        await redis.GetDatabase().KeyDeleteAsync(LoadKey);

        var next = await db.QueuedLeads.AsNoTracking().OrderBy(q => q.QueuedAt).FirstOrDefaultAsync(ct);
        if (next is not null)
        {
            await AssignAsync(next.LeadId, new LeadTraits(next.Grade, next.Source, next.City, next.Product, next.Campaign), "capacity freed", null, ct);
        }
    }

    private static async Task<Dictionary<Guid, long>> CursorAsync(IDatabase store, string pool) =>
        (await store.HashGetAllAsync(CursorKey + pool)).ToDictionary(e => Guid.Parse(e.Name.ToString()), e => (long)e.Value);

    private async Task<Dictionary<Guid, int>> LoadsAsync(IDatabase store, CancellationToken ct)
    {
        var cached = await store.HashGetAllAsync(LoadKey);
        if (cached.Length > 0) return cached.ToDictionary(e => Guid.Parse(e.Name.ToString()), e => (int)e.Value);

        var loads = await db.SalesReps.AsNoTracking()
            .Select(r => new { r.Id, Load = db.Assignments.Count(a => a.RepId == r.Id && a.IsOpen) })
            .ToDictionaryAsync(r => r.Id, r => r.Load, ct);
        if (loads.Count > 0)
        {
            await store.HashSetAsync(LoadKey, loads.Select(l => new HashEntry(l.Key.ToString(), l.Value)).ToArray());
        }
        logger.LogInformation("Rebuilt rep load counters from PostgreSQL for {Count} rep(s)", loads.Count);
        return loads;
    }

    private static async Task AcquireLockAsync(IDatabase store, string token, CancellationToken ct)
    {
        var delay = 5;
        while (!await store.LockTakeAsync(LockKey, token, LockExpiry))
        {
            await Task.Delay(delay, ct);
            delay = Math.Min(delay * 2, 100);
        }
    }
}

public enum ReassignOutcome { Reassigned, NotAssigned, UnknownRep, NoRoom }

public sealed record ReassignResult(ReassignOutcome Outcome, Guid? RepId = null, string? RepName = null, Guid? PreviousRepId = null)
{
    public static readonly ReassignResult NotAssigned = new(ReassignOutcome.NotAssigned);
    public static readonly ReassignResult UnknownRep = new(ReassignOutcome.UnknownRep);
    public static readonly ReassignResult NoRoom = new(ReassignOutcome.NoRoom);
}
