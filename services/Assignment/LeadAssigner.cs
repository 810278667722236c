using MassTransit;
using Microsoft.EntityFrameworkCore;
using Smarketing.Assignment.Data;
using Smarketing.Assignment.Domain;
using Smarketing.Contracts;
using StackExchange.Redis;

namespace Smarketing.Assignment;

/// <summary>
/// Gives a qualified lead to the next rep with room. The round-robin cursor and the load counters live in Redis so every
/// replica shares them; a Redis lock makes read-pick-write atomic across replicas, every change of the counters is fenced
/// by that lock (<see cref="RepLoads"/>), and PostgreSQL (the truth) has the last word on capacity in the transaction
/// that commits the pick (<see cref="CapacityGuard"/>).
/// </summary>
public sealed class LeadAssigner(AssignmentDbContext db, IConnectionMultiplexer redis, AssignmentLock assignmentLock, RepLoads repLoads,
    AssignmentMetrics metrics, ILogger<LeadAssigner> logger)
{
    private const string CursorKey = "smk:assignment:cursor:";
    /// <summary>Picks made on counters that showed room a rep did not have are made again on a fresh count, this many times.</summary>
    private const int Attempts = 3;

    /// <summary>
    /// Assigns the lead by the routing rules (first matching pool with room, then the fallback), or queues it
    /// when nobody has room. False when it was already assigned.
    /// </summary>
    public async Task<bool> AssignAsync(Guid leadId, LeadTraits lead, string reason, Action? beforeSave, CancellationToken ct) =>
        (await AssignAllAsync([new LeadToAssign(leadId, lead, reason)], beforeSave, ct)).Contains(leadId);

    /// <summary>
    /// Assigns each lead, in order, as <see cref="AssignAsync"/> would one by one, under one hold of the lock and in one
    /// commit: the loads and cursors move in memory from one lead to the next and are written back once. The leads it
    /// placed or queued (not those already assigned).
    /// </summary>
    public async Task<IReadOnlySet<Guid>> AssignAllAsync(IReadOnlyList<LeadToAssign> leads, Action? beforeSave, CancellationToken ct)
    {
        var ids = leads.Select(l => l.LeadId).Distinct().ToList();
        if (await db.Assignments.CountAsync(a => ids.Contains(a.LeadId), ct) == ids.Count) return new HashSet<Guid>();

        var store = redis.GetDatabase();
        // The roster and the rules change by hand, rarely: read before the lock, so that it covers only what every
        // assignment changes (loads and cursors) and other leads wait less. A change made meanwhile applies from the next batch.
        var reps = await db.SalesReps.AsNoTracking().Where(r => r.Active && !r.Away).ToListAsync(ct);
        var rules = await RoutingStore.LoadAsync(db, ct);
        // A lead scored twice in one batch (a merged touch) is routed once, by its first score, as one at a time would.
        var pools = leads.DistinctBy(l => l.LeadId).ToDictionary(l => l.LeadId, l => Router.PoolsFor(l.Traits, rules).ToList());
        var poolNames = pools.Values.SelectMany(p => p).Select(p => p.Name).Distinct().ToList();
        await using var hold = await assignmentLock.AcquireAsync(ct);
        using var abandon = CancellationTokenSource.CreateLinkedTokenSource(ct, hold.Lost);
        for (var attempt = 1; ; attempt++)
        {
            // Read under the lock: another replica may have placed or dequeued some of these leads since the check above.
            var done = (await db.Assignments.Where(a => ids.Contains(a.LeadId)).Select(a => a.LeadId).ToListAsync(abandon.Token)).ToHashSet();
            var queued = await db.QueuedLeads.Where(q => ids.Contains(q.LeadId)).ToDictionaryAsync(q => q.LeadId, abandon.Token);
            // One round trip for the loads and the cursor of every pool these leads may go to.
            var cursorReads = poolNames.Select(name => CursorAsync(store, name)).ToList();
            var loads = await repLoads.ReadAsync(db, hold, abandon.Token);
            var cursors = poolNames.Zip(await Task.WhenAll(cursorReads)).ToDictionary(c => c.First, c => c.Second);
            var placed = new List<(LeadToAssign Lead, SalesRep Rep, string Pool)>();
            var waiting = new List<LeadToAssign>();
            var handled = new HashSet<Guid>();
            var now = DateTime.UtcNow;
            foreach (var lead in leads)
            {
                if (done.Contains(lead.LeadId) || !handled.Add(lead.LeadId)) continue;
                var pick = pools[lead.LeadId].Select(pool => (Pool: pool, Pick: Pick(pool, reps, loads, cursors[pool.Name], now)))
                    .FirstOrDefault(p => p.Pick is not null);
                if (pick.Pick is not { } chosen)
                {
                    waiting.Add(lead);
                    continue;
                }
                var (rep, weights) = chosen;
                loads[rep.Id] = loads.GetValueOrDefault(rep.Id) + 1;
                cursors[pick.Pool.Name] = new Dictionary<Guid, long>(weights);
                placed.Add((lead, rep, pick.Pool.Name));
            }

            // Only a pick needs the guard's transaction; queuing alone is one SaveChanges.
            await using var tx = placed.Count > 0 ? await db.Database.BeginTransactionAsync(abandon.Token) : null;
            var added = placed.GroupBy(p => p.Rep.Id).ToDictionary(g => g.Key, g => g.Count());
            var over = await CapacityGuard.OverCapacityAsync(db, added, abandon.Token);
            if (over.Count > 0)
            {
                await tx!.RollbackAsync(abandon.Token);
                await repLoads.ForgetAsync($"they showed room that {over.Count} rep(s) did not have (attempt {attempt})");
                if (attempt < Attempts)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(50 * attempt), abandon.Token);
                    continue;
                }
                throw new InvalidOperationException($"The load counters kept disagreeing with PostgreSQL on {over.Count} rep(s); the leads are routed on the next delivery.");
            }

            foreach (var lead in waiting)
            {
                if (queued.ContainsKey(lead.LeadId)) continue;
                var t = lead.Traits;
                db.QueuedLeads.Add(new QueuedLead
                {
                    LeadId = lead.LeadId, Grade = t.Grade, Source = t.Source, City = t.City, Product = t.Product,
                    Campaign = t.Campaign, Language = t.Language, QueuedAt = now,
                });
            }
            foreach (var (lead, rep, pool) in placed)
            {
                var why = pool == Router.FallbackPool ? lead.Reason : $"{lead.Reason}; rule '{pool}'";
                var traits = lead.Traits;
                db.Assignments.Add(new LeadAssignment
                {
                    LeadId = lead.LeadId, RepId = rep.Id, Grade = traits.Grade, AssignedAt = now, Reason = why,
                    Source = traits.Source, City = traits.City, Product = traits.Product, Campaign = traits.Campaign, Language = traits.Language,
                });
                if (queued.Remove(lead.LeadId, out var wasQueued)) db.QueuedLeads.Remove(wasQueued);
                db.Publish(new LeadAssigned(lead.LeadId, rep.Id, rep.Name, traits.Grade, now, null, why, traits.City));
            }
            beforeSave?.Invoke();
            await db.SaveChangesAsync(abandon.Token);
            if (tx is not null) await tx.CommitAsync(abandon.Token);

            // Redis follows the commit; a crash in between leaves counts that lag until they expire and are counted afresh.
            await Task.WhenAll(placed.Select(p => p.Pool).Distinct().Select(pool => SaveCursorAsync(store, pool, cursors[pool]))
                .Append(repLoads.AddAsync(hold, added)));
            foreach (var (lead, rep, pool) in placed)
            {
                metrics.Assigned(lead.Traits.Grade);
                logger.LogInformation("Assigned lead {LeadId} (grade {Grade}) to {RepName} ({RepId}) from pool {Pool}", lead.LeadId, lead.Traits.Grade, rep.Name, rep.Id, pool);
            }
            foreach (var lead in waiting)
            {
                logger.LogWarning("No rep has room for lead {LeadId} (grade {Grade}); queued until capacity frees", lead.LeadId, lead.Traits.Grade);
            }
            return handled;
        }
    }

    /// <summary>
    /// Moves an open lead to <paramref name="toRepId"/>, or to the next rep with room in the lead's own pools by the
    /// round robin (never back to the current owner). With <paramref name="expectedOwner"/> (an automatic
    /// reassignment), nothing happens if the lead has changed hands meanwhile.
    /// </summary>
    public async Task<ReassignResult> ReassignAsync(Guid leadId, Guid? toRepId, string reason, CancellationToken ct,
        Guid? expectedOwner = null, Action? beforeSave = null)
    {
        var store = redis.GetDatabase();
        await using var hold = await assignmentLock.AcquireAsync(ct);
        using var abandon = CancellationTokenSource.CreateLinkedTokenSource(ct, hold.Lost);
        for (var attempt = 1; ; attempt++)
        {
            var assignment = await db.Assignments.FirstOrDefaultAsync(a => a.LeadId == leadId, abandon.Token);
            if (assignment is not { IsOpen: true }) return ReassignResult.NotAssigned;
            if (expectedOwner is not null && assignment.RepId != expectedOwner) return ReassignResult.NotAssigned;

            var reps = await db.SalesReps.AsNoTracking().Where(r => r.Active && !r.Away && r.Id != assignment.RepId).ToListAsync(abandon.Token);
            var loads = await repLoads.ReadAsync(db, hold, abandon.Token);
            var now = DateTime.UtcNow;
            (SalesRep Rep, IReadOnlyDictionary<Guid, long> Weights)? pick = null;
            string? poolName = null;
            if (toRepId is not null)
            {
                var target = reps.FirstOrDefault(r => r.Id == toRepId);
                if (target is null) return ReassignResult.UnknownRep;
                if (loads.GetValueOrDefault(target.Id) >= target.Capacity) return ReassignResult.NoRoom;
                pick = (target, new Dictionary<Guid, long>());
            }
            else
            {
                foreach (var pool in Router.PoolsFor(assignment.Traits(), await RoutingStore.LoadAsync(db, abandon.Token)))
                {
                    pick = Pick(pool, reps, loads, await CursorAsync(store, pool.Name), now);
                    if (pick is not null) { poolName = pool.Name; break; }
                }
                if (pick is null) return ReassignResult.NoRoom;
            }

            var rep = pick.Value.Rep;
            await using var tx = await db.Database.BeginTransactionAsync(abandon.Token);
            if ((await CapacityGuard.OverCapacityAsync(db, new Dictionary<Guid, int> { [rep.Id] = 1 }, abandon.Token)).Count > 0)
            {
                await tx.RollbackAsync(abandon.Token);
                db.ChangeTracker.Clear();
                await repLoads.ForgetAsync($"they showed room that {rep.Name} did not have (attempt {attempt})");
                if (attempt < Attempts) continue;
                return ReassignResult.NoRoom;
            }
            var previous = assignment.RepId;
            assignment.RepId = rep.Id;
            assignment.AssignedAt = now;
            assignment.Reason = reason;
            db.Publish(new LeadAssigned(leadId, rep.Id, rep.Name, assignment.Grade, now, previous, reason, assignment.City));
            beforeSave?.Invoke();
            await db.SaveChangesAsync(abandon.Token);
            if (tx is not null) await tx.CommitAsync(abandon.Token);
            metrics.Reassigned();

            await repLoads.AddAsync(hold, [new(previous, -1), new(rep.Id, 1)]);
            if (poolName is not null) await SaveCursorAsync(store, poolName, pick.Value.Weights);
            logger.LogInformation("Reassigned lead {LeadId} from {PreviousRepId} to {RepName} ({RepId}): {Reason}", leadId, previous, rep.Name, rep.Id, reason);
            return new ReassignResult(ReassignOutcome.Reassigned, rep.Id, rep.Name, previous);
        }
    }

    /// <summary>A lead back from nurture may be qualified and routed again from scratch.</summary>
    public async Task ForgetAsync(Guid leadId, CancellationToken ct)
    {
        var removed = await db.Assignments.Where(a => a.LeadId == leadId && !a.IsOpen).ExecuteDeleteAsync(ct);
        if (removed > 0) logger.LogInformation("Lead {LeadId} is back in nurture; it will be routed again when it qualifies", leadId);
    }

    /// <summary>Tries the queued leads, oldest first, now that someone may have room (capacity raised, back from away…).</summary>
    public async Task<int> DrainQueueAsync(int max, CancellationToken ct)
    {
        var queued = await db.QueuedLeads.AsNoTracking().OrderBy(q => q.QueuedAt).Take(max).ToListAsync(ct);
        var placed = 0;
        foreach (var q in queued)
        {
            await AssignAsync(q.LeadId, new LeadTraits(q.Grade, q.Source, q.City, q.Product, q.Campaign, q.Language), "capacity freed", null, ct);
            db.ChangeTracker.Clear();
            if (!await db.QueuedLeads.AnyAsync(x => x.LeadId == q.LeadId, ct)) placed++;
        }
        return placed;
    }

    /// <summary>The next rep of a pool by the weighted round robin among those who may take a lead now; null when nobody can.</summary>
    private static (SalesRep Rep, IReadOnlyDictionary<Guid, long> Weights)? Pick(
        CandidatePool pool, IReadOnlyList<SalesRep> reps, IReadOnlyDictionary<Guid, int> loads, Dictionary<Guid, long> cursor, DateTime now)
    {
        var members = reps.Where(r => pool.RepIds is null || pool.RepIds.Contains(r.Id)).ToList();
        var eligible = Availability.Eligible(members, r => r.Schedule(), r => loads.GetValueOrDefault(r.Id) < r.Capacity, now);
        var pick = WeightedRoundRobin.Pick(eligible.Select(r =>
            new RepSlot(r.Id, r.Weight, r.Capacity, loads.GetValueOrDefault(r.Id), cursor.GetValueOrDefault(r.Id))).ToList());
        if (pick.RepId is not { } repId) return null;
        // Keep the positions of members who sat this one out (off shift), so they are not set back.
        var weights = cursor.Where(c => !pick.CurrentWeights.ContainsKey(c.Key)).Concat(pick.CurrentWeights).ToDictionary(c => c.Key, c => c.Value);
        return (members.Single(r => r.Id == repId), weights);
    }

    private static Task SaveCursorAsync(IDatabase store, string pool, IReadOnlyDictionary<Guid, long> weights) =>
        weights.Count == 0 ? Task.CompletedTask
            : store.HashSetAsync(CursorKey + pool, weights.Select(w => new HashEntry(w.Key.ToString(), w.Value)).ToArray());

    /// <summary>
    /// A closed lead frees a place in its owner's capacity; the oldest queued lead takes it. The close and its count move
    /// under the lock, so they never fall between another replica's count and its write back.
    /// </summary>
    public async Task ReleaseAsync(Guid leadId, CancellationToken ct)
    {
        await using (var hold = await assignmentLock.AcquireAsync(ct))
        {
            var owners = await db.Database.SqlQuery<Guid>($"""
                UPDATE lead_assignments SET "IsOpen" = false WHERE "LeadId" = {leadId} AND "IsOpen" RETURNING "RepId" AS "Value"
                """).ToListAsync(ct);
            if (owners.Count == 0) return;
            await repLoads.AddAsync(hold, [new(owners[0], -1)]);
        }

        var next = await db.QueuedLeads.AsNoTracking().OrderBy(q => q.QueuedAt).FirstOrDefaultAsync(ct);
        if (next is not null)
        {
            await AssignAsync(next.LeadId, new LeadTraits(next.Grade, next.Source, next.City, next.Product, next.Campaign, next.Language), "capacity freed", null, ct);
        }
    }

    private static async Task<Dictionary<Guid, long>> CursorAsync(IDatabase store, string pool) =>
        (await store.HashGetAllAsync(CursorKey + pool)).ToDictionary(e => Guid.Parse(e.Name.ToString()), e => (long)e.Value);
}

/// <summary>A lead to route: who it is, what routing looks at, and the reason the assignment will give.</summary>
public sealed record LeadToAssign(Guid LeadId, LeadTraits Traits, string Reason);

public enum ReassignOutcome { Reassigned, NotAssigned, UnknownRep, NoRoom }

public sealed record ReassignResult(ReassignOutcome Outcome, Guid? RepId = null, string? RepName = null, Guid? PreviousRepId = null)
{
    public static readonly ReassignResult NotAssigned = new(ReassignOutcome.NotAssigned);
    public static readonly ReassignResult UnknownRep = new(ReassignOutcome.UnknownRep);
    public static readonly ReassignResult NoRoom = new(ReassignOutcome.NoRoom);
}
