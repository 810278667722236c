using System.Diagnostics;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Smarketing.Reporting.Data;
using Smarketing.Reporting.Messaging;
using Smarketing.ServiceDefaults.Data;

namespace Smarketing.Reporting.Reports;

public sealed record RebuildStatus(string State, long Events, long Replayed, DateTime? StartedAt, DateTime? FinishedAt, string? Error);

/// <summary>
/// Replays every stored event, in the order it was first applied, into emptied read models and recomputes nothing by
/// hand: the same projections run, so the rebuilt numbers are the live ones. It runs in one transaction holding the
/// projection lock exclusively: live events wait and apply afterwards, and readers see the old numbers until it commits.
/// </summary>
public sealed class ReadModelRebuild(IServiceScopeFactory scopes, ReportCache cache, ILogger<ReadModelRebuild> logger)
{
    private const long LockKey = 0x52_45_50_4F_52_54_53; // "REPORTS"
    private const int Page = 1000;
    private readonly Lock _gate = new();
    private RebuildStatus _status = new("idle", 0, 0, null, null, null);
    private long _replayed;

    public RebuildStatus Status
    {
        get { lock (_gate) return _status with { Replayed = _status.State == "running" ? Interlocked.Read(ref _replayed) : _status.Replayed }; }
    }

    /// <summary>Every projection takes this inside its transaction, so it never interleaves with a rebuild.</summary>
    public static Task EnterSharedAsync(ReportingDbContext db, CancellationToken ct) =>
        db.Database.LockSharedAsync(LockKey, ct);

    /// <summary>Starts a rebuild in the background; false when one is already running.</summary>
    public bool TryStart()
    {
        lock (_gate)
        {
            if (_status.State == "running") return false;
            Interlocked.Exchange(ref _replayed, 0);
            _status = new RebuildStatus("running", 0, 0, DateTime.UtcNow, null, null);
        }
        _ = Task.Run(RunAsync);
        return true;
    }

    private async Task RunAsync()
    {
        try
        {
            var events = await ReplayAllAsync(CancellationToken.None);
            lock (_gate) _status = _status with { State = "completed", Events = events, Replayed = events, FinishedAt = DateTime.UtcNow };
            await cache.InvalidateAsync();
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Read model rebuild failed; the read models are unchanged");
            lock (_gate) _status = _status with { State = "failed", Replayed = Interlocked.Read(ref _replayed), FinishedAt = DateTime.UtcNow, Error = ex.Message };
        }
    }

    public async Task<long> ReplayAllAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReportingDbContext>();
        db.Database.SetCommandTimeout(TimeSpan.FromHours(1));
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.Database.LockAsync(LockKey, ct);
        foreach (var delete in EmptyReadModels) await db.Database.ExecuteSqlRawAsync(delete, ct);

        var total = await db.EventLog.LongCountAsync(ct);
        lock (_gate) _status = _status with { Events = total };
        logger.LogInformation("Rebuilding the read models from {Events} stored events", total);
        var projections = new Dictionary<Type, IProjection>();
        var clock = Stopwatch.StartNew();
        var lastReport = TimeSpan.Zero;
        long after = 0, replayed = 0;
        while (true)
        {
            var page = await db.EventLog.AsNoTracking().Where(e => e.Seq > after).OrderBy(e => e.Seq).Take(Page).ToListAsync(ct);
            if (page.Count == 0) break;
            foreach (var entry in page)
            {
                if (!Projections.ByEventName.TryGetValue(entry.Type, out var types))
                    throw new InvalidOperationException($"Stored event {entry.Seq} has unknown type {entry.Type}.");
                var message = JsonSerializer.Deserialize(entry.Body, types.Event, ReportingDbContext.EventJson)
                    ?? throw new InvalidOperationException($"Stored event {entry.Seq} is empty.");
                if (!projections.TryGetValue(types.Consumer, out var projection))
                    projections[types.Consumer] = projection = (IProjection)ActivatorUtilities.CreateInstance(scope.ServiceProvider, types.Consumer, db);
                await projection.ReplayAsync(message, new EventMeta(entry.MessageId, DateTime.SpecifyKind(entry.SentAt, DateTimeKind.Utc)), ct);
                db.ChangeTracker.Clear();
                replayed = Interlocked.Increment(ref _replayed);
            }
            after = page[^1].Seq;
            if (clock.Elapsed - lastReport >= TimeSpan.FromSeconds(5))
            {
                lastReport = clock.Elapsed;
                logger.LogInformation("Rebuild: {Replayed}/{Events} events replayed ({Rate:0} per second)", replayed, total, replayed / clock.Elapsed.TotalSeconds);
            }
        }
        await transaction.CommitAsync(ct);
        logger.LogInformation("Rebuilt the read models from {Events} events in {Seconds:0.0} s", replayed, clock.Elapsed.TotalSeconds);
        return replayed;
    }

    private static readonly string[] EmptyReadModels =
    [
        "DELETE FROM lead_views", "DELETE FROM followup_views", "DELETE FROM activity_views", "DELETE FROM timeline_entries",
        "DELETE FROM traffic_days", "DELETE FROM lead_touch_views", "DELETE FROM rep_views", "DELETE FROM funnel_cells", "DELETE FROM speed_cells",
    ];
}
