using System.Diagnostics;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Smarketing.Contracts;
using Smarketing.Scoring.Data;
using Smarketing.Scoring.Domain;

namespace Smarketing.Scoring.Rescoring;

public sealed class RescoreOptions
{
    public int BatchSize { get; set; } = 500;
    /// <summary>A running job whose worker has not reported for this long is taken over by another replica.</summary>
    public TimeSpan StaleAfter { get; set; } = TimeSpan.FromSeconds(60);
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);
    /// <summary>How often open leads are checked for decay, and how old their score must be to be looked at again.</summary>
    public TimeSpan DecaySweepInterval { get; set; } = TimeSpan.FromHours(1);
    public TimeSpan DecayMinAge { get; set; } = TimeSpan.FromHours(24);
}

/// <summary>Wakes the local worker when this replica activated a model, instead of waiting for its next poll.</summary>
public sealed class RescoreSignal
{
    private readonly SemaphoreSlim _signal = new(0);

    public void Notify()
    {
        if (_signal.CurrentCount == 0) _signal.Release();
    }

    public Task WaitAsync(TimeSpan timeout, CancellationToken ct) => _signal.WaitAsync(timeout, ct);
}

/// <summary>
/// After an activation, rescores every open lead with the new model in batches, publishing LeadScored for each
/// through the outbox. One replica claims the job (optimistic concurrency on the job row); new leads keep being scored
/// by the consumers meanwhile, already with the new model. A newer activation supersedes a running job.
/// </summary>
public sealed class RescoreWorker(IServiceScopeFactory scopes, ModelRepository models, RescoreSignal signal, DecaySweep decay,
    Microsoft.Extensions.Options.IOptions<RescoreOptions> options, ILogger<RescoreWorker> logger) : BackgroundService
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly string _worker = $"{Environment.MachineName}/{Environment.ProcessId}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var nextSweep = DateTime.UtcNow + options.Value.DecaySweepInterval;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await signal.WaitAsync(options.Value.PollInterval, stoppingToken);
                await RunPendingJobsAsync(stoppingToken);
                if (DateTime.UtcNow >= nextSweep)
                {
                    nextSweep = DateTime.UtcNow + options.Value.DecaySweepInterval;
                    await using var scope = scopes.CreateAsyncScope();
                    await decay.RunAsync(scope.ServiceProvider.GetRequiredService<ScoringDbContext>(), stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { return; }
            catch (Exception ex)
            {
                logger.LogError(ex, "Rescoring failed; the job will be picked up again");
                await Task.Delay(TimeSpan.FromSeconds(2), stoppingToken);
            }
        }
    }

    /// <summary>Runs every pending (or stale) job until none is left: what the loop does after a wake-up, callable on its own (benchmarks).</summary>
    public async Task RunPendingJobsAsync(CancellationToken ct)
    {
        while (await RunNextJobAsync(ct)) { }
    }

    /// <summary>Claims and runs one job; false when there was nothing to do (or another replica has it).</summary>
    private async Task<bool> RunNextJobAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ScoringDbContext>();
        var now = DateTime.UtcNow;
        var staleBefore = now - options.Value.StaleAfter;
        var job = await db.RescoreJobs
            .Where(j => j.Status == "pending" || (j.Status == "running" && j.HeartbeatAt < staleBefore))
            .OrderByDescending(j => j.Version)
            .FirstOrDefaultAsync(ct);
        if (job is null) return false;

        job.Status = "running";
        job.Worker = _worker;
        job.StartedAt ??= now;
        job.HeartbeatAt = now;
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateConcurrencyException) { return false; }

        await RescoreAsync(db, job, ct);
        return true;
    }

    private async Task RescoreAsync(ScoringDbContext db, RescoreJob job, CancellationToken ct)
    {
        var version = job.Version.ToString();
        var model = (await models.GetAsync(db, job.Version, ct))!.Value.Model;
        var remaining = await OpenLeadsNotOn(db, version).CountAsync(ct);
        job.Total = job.Done + remaining;
        await db.SaveChangesAsync(ct);
        logger.LogInformation("Rescoring {Total} open leads with model {Version}", remaining, job.Version);
        var clock = Stopwatch.StartNew();

        while (true)
        {
            var status = await db.Models.Where(m => m.Version == job.Version).Select(m => m.Status).FirstAsync(ct);
            if (status != ModelStatus.Active)
            {
                job.Status = "superseded";
                job.FinishedAt = DateTime.UtcNow;
                await db.SaveChangesAsync(ct);
                logger.LogInformation("Rescoring with model {Version} stopped after {Done} leads: a newer model is active", job.Version, job.Done);
                return;
            }

            var batch = await OpenLeadsNotOn(db, version).OrderBy(s => s.LeadId).Take(options.Value.BatchSize).ToListAsync(ct);
            if (batch.Count == 0) break;
            var at = DateTime.UtcNow;
            foreach (var lead in batch)
            {
                var profile = JsonSerializer.Deserialize<LeadProfile>(lead.Profile, Json)!;
                var score = model.Score(profile, at);
                lead.Value = score.Value;
                lead.Grade = score.Grade;
                lead.Qualification = score.Qualification;
                lead.Reasons = JsonSerializer.Serialize(score.Reasons, Json);
                lead.ModelVersion = score.ModelVersion;
                lead.ScoredAt = at;
                db.Publish(new LeadScored(lead.LeadId, score.Value, score.Grade, score.Qualification, score.Reasons, score.ModelVersion, at,
                    profile.Source, profile.Campaign, profile.Contact.City, profile.Interest.Product, LanguageGuess.Of(profile.Interest.Message)));
            }
            job.Done += batch.Count;
            job.Total = Math.Max(job.Total, job.Done);
            job.HeartbeatAt = DateTime.UtcNow;
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateConcurrencyException ex) when (ex.Entries.All(e => e.Entity is LeadScore))
            {
                // A merged touch changed some of these leads meanwhile: read them again and redo the batch.
                db.ChangeTracker.Clear();
                job = (await db.RescoreJobs.FindAsync([job.Version], ct))!;
                continue;
            }
            db.ChangeTracker.Clear();
            db.Attach(job);
            logger.LogInformation("Rescoring with model {Version}: {Done}/{Total} open leads ({Rate:0} per second)",
                job.Version, job.Done, job.Total, job.Done / Math.Max(clock.Elapsed.TotalSeconds, 0.001));
        }

        job.Status = "done";
        job.FinishedAt = DateTime.UtcNow;
        job.Total = job.Done;
        await db.SaveChangesAsync(ct);
        logger.LogInformation("Rescored {Done} open leads with model {Version} in {Elapsed}", job.Done, job.Version, clock.Elapsed);
    }

    private static IQueryable<LeadScore> OpenLeadsNotOn(ScoringDbContext db, string version) =>
        db.LeadScores.Where(s => s.ModelVersion != version && !db.LeadOutcomes.Any(o => o.LeadId == s.LeadId));
}
