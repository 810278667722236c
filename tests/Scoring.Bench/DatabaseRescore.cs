using System.Diagnostics;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;
using Smarketing.Benchmarks;
using Smarketing.Contracts;
using Smarketing.Scoring.Data;
using Smarketing.Scoring.Domain;
using Smarketing.Scoring.Rescoring;

/// <summary>
/// Rescoring 100,000 open leads through the real rescoring job: PostgreSQL from the app model, the scoring schema from
/// its migrations, leads scored by version 1, version 2 activated as the approval would, then the RescoreWorker's own
/// job loop, checked afterwards in SQL (every open lead on version 2, one LeadScored outbox row each).
/// </summary>
internal static class DatabaseRescore
{
    private const int CopyProgressEvery = 10_000;
    private static readonly TimeSpan JobWatchInterval = TimeSpan.FromSeconds(5);
    private const string NewVersion = "2";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task<bool> RunAsync(IReadOnlyList<LeadProfile> profiles)
    {
        Console.WriteLine($"Rescoring {profiles.Count:N0} open leads through the real rescoring job on PostgreSQL");
        var clock = Stopwatch.StartNew();
        await using var postgres = await BenchPostgres.StartAsync("scoringdb");
        Console.WriteLine($"  PostgreSQL is up ({clock.Elapsed.TotalSeconds:0.0} s)");

        long outboxBefore;
        TimeSpan elapsed;
        await using (var services = BuildServices(postgres.ConnectionString))
        {
            await using (var scope = services.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<ScoringDbContext>();
                await db.Database.MigrateAsync();
                Console.WriteLine($"  migrated scoringdb to {(await db.Database.GetAppliedMigrationsAsync()).Last()}");
                await StoreDefaultModelAsync(db);
            }

            await SeedLeadsAsync(postgres.ConnectionString, profiles);

            await using (var scope = services.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<ScoringDbContext>();
                outboxBefore = await db.OutboxMessages.MaxAsync(m => (long?)m.Id) ?? 0;
                await ActivateNewModelAsync(db);
            }

            Console.WriteLine($"  running RescoreWorker's pending jobs (batches of {services.GetRequiredService<Microsoft.Extensions.Options.IOptions<RescoreOptions>>().Value.BatchSize})…");
            var worker = services.GetRequiredService<RescoreWorker>();
            using var stopWatching = new CancellationTokenSource();
            var watching = WatchJobAsync(postgres.ConnectionString, stopWatching.Token);
            var wall = Stopwatch.StartNew();
            await worker.RunPendingJobsAsync(CancellationToken.None);
            elapsed = wall.Elapsed;
            await stopWatching.CancelAsync();
            await watching;
        }
        // Disposing the services flushed the console logger, so the figures come after the worker's last line.

        return await VerifyAsync(postgres.ConnectionString, profiles.Count, outboxBefore, elapsed);
    }

    private static ServiceProvider BuildServices(string connectionString)
    {
        var services = new ServiceCollection();
        services.AddLogging(logging => logging
            .AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss "; })
            .AddFilter("Microsoft", LogLevel.Warning)
            // The first MigrateAsync logs the probe of a history table that does not exist yet as a failed command; real failures throw.
            .AddFilter("Microsoft.EntityFrameworkCore.Database.Command", LogLevel.None));
        services.AddDbContext<ScoringDbContext>(o => o.UseNpgsql(connectionString, n => n.MigrationsHistoryTable("__ef_migrations")));
        services.AddSingleton<ModelRepository>();
        services.AddSingleton<RescoreSignal>();
        services.AddSingleton<DecaySweep>();
        services.AddOptions<RescoreOptions>();
        services.AddSingleton<RescoreWorker>();
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
    }

    /// <summary>What a fresh install has: version 1, the shipped default, active.</summary>
    private static async Task StoreDefaultModelAsync(ScoringDbContext db)
    {
        var at = DateTime.UtcNow;
        db.Models.Add(new StoredModel
        {
            Version = DefaultScoringModel.Version,
            Document = ModelRepository.Serialize(DefaultScoringModel.Document),
            Status = ModelStatus.Active,
            CreatedBy = "system",
            CreatedByName = "Smarketing (shipped default)",
            CreatedAt = at,
            ActivatedAt = at,
        });
        await db.SaveChangesAsync();
    }

    /// <summary>The open leads as the consumers left them: profile, score, reasons and campaign from model version 1.</summary>
    private static async Task SeedLeadsAsync(string connectionString, IReadOnlyList<LeadProfile> profiles)
    {
        var model = DefaultScoringModel.Create();
        var random = new Random(11);
        var wall = Stopwatch.StartNew();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using (var copy = await connection.BeginBinaryImportAsync(
            """COPY lead_scores ("LeadId", "Profile", "Value", "Grade", "Qualification", "Reasons", "ModelVersion", "ScoredAt", "Campaign") FROM STDIN (FORMAT BINARY)"""))
        {
            for (var i = 0; i < profiles.Count; i++)
            {
                var profile = profiles[i];
                var scoredAt = profile.LastTouchAt.AddMinutes(random.Next(1, 60));
                var score = model.Score(profile, scoredAt);
                await copy.StartRowAsync();
                await copy.WriteAsync(Guid.CreateVersion7(), NpgsqlDbType.Uuid);
                await copy.WriteAsync(JsonSerializer.Serialize(profile, Json), NpgsqlDbType.Jsonb);
                await copy.WriteAsync(score.Value, NpgsqlDbType.Integer);
                await copy.WriteAsync(score.Grade, NpgsqlDbType.Varchar);
                await copy.WriteAsync(score.Qualification, NpgsqlDbType.Varchar);
                await copy.WriteAsync(JsonSerializer.Serialize(score.Reasons, Json), NpgsqlDbType.Jsonb);
                await copy.WriteAsync(score.ModelVersion, NpgsqlDbType.Varchar);
                await copy.WriteAsync(scoredAt, NpgsqlDbType.TimestampTz);
                if (profile.Campaign is null) await copy.WriteNullAsync();
                else await copy.WriteAsync(profile.Campaign, NpgsqlDbType.Varchar);
                if ((i + 1) % CopyProgressEvery == 0 || i + 1 == profiles.Count)
                    Console.WriteLine($"  seeded {i + 1,7:N0}/{profiles.Count:N0} lead scores (binary COPY)  {wall.Elapsed.TotalSeconds,5:0.0} s");
            }
            await copy.CompleteAsync();
        }
        // A table that grew lead by lead has planner statistics; a bulk-loaded one only gets them when autovacuum comes by.
        await using var analyze = new NpgsqlCommand("ANALYZE lead_scores", connection);
        await analyze.ExecuteNonQueryAsync();
        Console.WriteLine($"  {profiles.Count:N0} open leads stored with model {model.Version} in {wall.Elapsed.TotalSeconds:0.0} s");
    }

    /// <summary>
    /// What the second approval does (ModelsApi.ActivateAsync): version 2 saved, approved by both sides, the active model
    /// retired and version 2 activated in one transaction, ScoringModelActivated in the outbox, a pending rescore job.
    /// </summary>
    private static async Task ActivateNewModelAsync(ScoringDbContext db)
    {
        var document = DefaultScoringModel.Document with
        {
            Name = "Default, stricter grades",
            Description = "The shipped default with grade cut-offs raised by five points.",
            GradeCutoffs = new GradeCutoffs { A = 75, B = 55, C = 35 },
        };
        var errors = ModelValidator.Validate(document);
        if (errors.Count > 0) throw new InvalidOperationException("The bench model is invalid: " + string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(", ", e.Value)}")));

        var now = DateTime.UtcNow;
        await using var tx = await db.Database.BeginTransactionAsync();
        foreach (var active in await db.Models.Where(m => m.Status == ModelStatus.Active).ToListAsync())
        {
            active.Status = ModelStatus.Retired;
            active.RetiredAt = now;
        }
        await db.SaveChangesAsync();
        db.Models.Add(new StoredModel
        {
            Version = int.Parse(NewVersion),
            Document = ModelRepository.Serialize(document),
            Status = ModelStatus.Active,
            CreatedBy = "bench-marketing",
            CreatedByName = "Bench (marketing)",
            CreatedAt = now,
            MarketingApprovedBy = "bench-marketing",
            MarketingApprovedByName = "Bench (marketing)",
            MarketingApprovedAt = now,
            SalesApprovedBy = "bench-sales",
            SalesApprovedByName = "Bench (sales manager)",
            SalesApprovedAt = now,
            ActivatedAt = now,
        });
        db.RescoreJobs.Add(new RescoreJob { Version = int.Parse(NewVersion), Status = "pending", CreatedAt = now });
        db.Publish(new ScoringModelActivated(NewVersion, now));
        await db.SaveChangesAsync();
        await tx.CommitAsync();
        Console.WriteLine($"  model {NewVersion} active, model {DefaultScoringModel.Version} retired, rescore job {NewVersion} pending");
    }

    /// <summary>The worker's rate is cumulative; this shows the rate per interval, so a slowdown as the job proceeds stands out.</summary>
    private static async Task WatchJobAsync(string connectionString, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(CancellationToken.None);
        var wall = Stopwatch.StartNew();
        var (lastDone, lastAt) = (0L, TimeSpan.Zero);
        try
        {
            while (true)
            {
                await Task.Delay(JobWatchInterval, ct);
                var done = await ScalarAsync(connection, $"""SELECT coalesce(max("Done"), 0) FROM rescore_jobs WHERE "Version" = {NewVersion}""");
                var at = wall.Elapsed;
                Console.WriteLine($"  [{at.TotalSeconds,5:0} s] job {NewVersion}: {done,7:N0} leads rescored, " +
                                  $"{(done - lastDone) / (at - lastAt).TotalSeconds,6:N0} leads/s over the last {(at - lastAt).TotalSeconds:0} s");
                (lastDone, lastAt) = (done, at);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested) { }
    }

    private static async Task<bool> VerifyAsync(string connectionString, int expected, long outboxBefore, TimeSpan elapsed)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        const string open = """NOT EXISTS (SELECT 1 FROM lead_outcomes o WHERE o."LeadId" = s."LeadId")""";
        var openLeads = await ScalarAsync(connection, $"SELECT count(*) FROM lead_scores s WHERE {open}");
        var openOnNew = await ScalarAsync(connection, $"""SELECT count(*) FROM lead_scores s WHERE {open} AND s."ModelVersion" = '{NewVersion}'""");
        var scored = await ScalarAsync(connection,
            $"""SELECT count(*) FROM outbox_messages WHERE "Id" > {outboxBefore} AND "MessageType" = '{typeof(LeadScored).FullName}'""");
        var scoredLeads = await ScalarAsync(connection,
            $"""SELECT count(DISTINCT "Body"->>'leadId') FROM outbox_messages WHERE "Id" > {outboxBefore} AND "MessageType" = '{typeof(LeadScored).FullName}' AND "Body"->>'modelVersion' = '{NewVersion}'""");
        var jobDone = await ScalarAsync(connection, $"""SELECT coalesce(max("Done"), -1) FROM rescore_jobs WHERE "Version" = {NewVersion} AND "Status" = 'done'""");

        Console.WriteLine($"Rescored {jobDone:N0} open leads with model {NewVersion} in {elapsed.TotalSeconds:0.0} s wall: " +
                          $"{jobDone / elapsed.TotalSeconds:N0} leads/second ({elapsed.TotalMicroseconds / Math.Max(jobDone, 1):0} µs per lead, database included)");
        Console.WriteLine($"  open leads on model {NewVersion}: {openOnNew:N0}/{openLeads:N0}; new LeadScored outbox rows: {scored:N0} " +
                          $"({scoredLeads:N0} distinct leads on model {NewVersion}); job {NewVersion}: done {jobDone:N0}");

        var failures = new List<string>();
        if (openLeads != expected) failures.Add($"{openLeads:N0} open leads stored, expected {expected:N0}");
        if (openOnNew != openLeads) failures.Add($"{openLeads - openOnNew:N0} open leads do not carry model {NewVersion}");
        if (scored != expected) failures.Add($"{scored:N0} new LeadScored outbox rows, expected exactly {expected:N0}");
        if (scoredLeads != expected) failures.Add($"LeadScored rows cover {scoredLeads:N0} distinct leads on model {NewVersion}, expected {expected:N0}");
        if (jobDone != expected) failures.Add(jobDone < 0 ? $"rescore job {NewVersion} is not done" : $"rescore job {NewVersion} counted {jobDone:N0} leads, expected {expected:N0}");
        foreach (var failure in failures) Console.Error.WriteLine($"FAIL: {failure}");
        if (failures.Count == 0) Console.WriteLine($"OK: every open lead carries model {NewVersion}, with exactly one new LeadScored outbox row each.");
        return failures.Count == 0;
    }

    private static async Task<long> ScalarAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }
}
