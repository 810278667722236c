using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Smarketing.Benchmarks;
using Smarketing.FollowUp.Data;

// The due-task dispatcher on PostgreSQL: 100,000 pending follow-up steps, 10,000 of them coming due within one minute,
// two dispatcher replicas competing for them. Measures how late each step is announced and checks that none is announced
// early, twice, or before its time.
const int FutureTasks = 90_000;
const int SoonTasks = 10_000;
var soonLead = TimeSpan.FromSeconds(5);
var soonWindow = TimeSpan.FromSeconds(60);
var runFor = TimeSpan.FromSeconds(70);
var progressEvery = TimeSpan.FromSeconds(10);

Console.WriteLine($"Due-task dispatcher: {FutureTasks + SoonTasks:N0} pending follow-up steps, {SoonTasks:N0} due within {soonWindow.TotalSeconds:0} s, two replicas");
var clock = Stopwatch.StartNew();
await using var postgres = await BenchPostgres.StartAsync("followupdb");
Console.WriteLine($"  PostgreSQL is up ({clock.Elapsed.TotalSeconds:0.0} s)");

await using (var db = new FollowUpDbContext(new DbContextOptionsBuilder<FollowUpDbContext>()
    .UseNpgsql(postgres.ConnectionString, n => n.MigrationsHistoryTable("__ef_migrations")).Options))
{
    await db.Database.MigrateAsync();
    Console.WriteLine($"  migrated followupdb to {(await db.Database.GetAppliedMigrationsAsync()).Last()}");
}

var tasks = new DueTasks(postgres.ConnectionString, new Random(2026));
var seeding = Stopwatch.StartNew();
await tasks.SeedFutureAsync(FutureTasks);
var seededAt = DateTime.UtcNow;
var window = await tasks.SeedSoonAsync(SoonTasks, seededAt + soonLead, soonWindow);
Console.WriteLine($"  seeded {FutureTasks + SoonTasks:N0} pending steps in {seeding.Elapsed.TotalSeconds:0.0} s; the first of the {SoonTasks:N0} comes due " +
                  $"{(window.From - DateTime.UtcNow).TotalSeconds:0.0} s from now, the last {(window.To - DateTime.UtcNow).TotalSeconds:0.0} s from now");

DispatcherReplica[] replicas = [new(postgres.ConnectionString, "followup-1"), new(postgres.ConnectionString, "followup-2")];
var running = Stopwatch.StartNew();
await Task.WhenAll(replicas.Select(r => r.StartAsync()));
Console.WriteLine($"  two dispatcher replicas running for {runFor.TotalSeconds:0} s");
using (var ticks = new PeriodicTimer(progressEvery))
{
    while (running.Elapsed < runFor - TimeSpan.FromSeconds(1) && await ticks.WaitForNextTickAsync())
    {
        var (due, dispatched) = await tasks.ProgressAsync(window, DateTime.UtcNow);
        Console.WriteLine($"  [{running.Elapsed.TotalSeconds,3:0} s] {due,6:N0} of the {SoonTasks:N0} due so far, {dispatched,6:N0} dispatched");
    }
}
if (running.Elapsed < runFor) await Task.Delay(runFor - running.Elapsed);
await Task.WhenAll(replicas.Select(r => r.StopAsync()));
foreach (var replica in replicas) replica.Dispose();
Console.WriteLine($"  replicas stopped after {running.Elapsed.TotalSeconds:0.0} s; " +
                  string.Join(", ", replicas.Select(r => $"{r.Name} dispatched {r.Dispatched:N0} in {r.Rounds:N0} rounds")));

var result = await tasks.MeasureAsync(window);
Console.WriteLine($"Dispatched {result.Dispatched:N0}/{SoonTasks:N0} steps due within the minute; lateness (DueNotifiedAt - DueAt) " +
                  $"p50 {result.P50Ms:0} ms, p99 {result.P99Ms:0} ms, max {result.MaxMs:0} ms ({result.Over100Ms:N0} over 100 ms)");
Console.WriteLine($"  fired early: {result.Early:N0}; tasks with more than one FollowUpDue outbox row: {result.Duplicates:N0}; " +
                  $"dispatched without an outbox row: {result.WithoutMessage:N0}; FollowUpDue rows: {result.DueMessages:N0}; " +
                  $"FollowUpOverdue rows: {result.OverdueMessages:N0}; future steps fired: {result.FutureFired:N0}/{FutureTasks:N0}");

var failures = new List<string>();
if (result.Dispatched != SoonTasks) failures.Add($"{SoonTasks - result.Dispatched:N0} of the {SoonTasks:N0} steps were not dispatched");
if (result.Early != 0) failures.Add($"{result.Early:N0} steps were announced before they were due");
if (result.Duplicates != 0) failures.Add($"{result.Duplicates:N0} steps have more than one FollowUpDue outbox row");
if (result.WithoutMessage != 0 || result.DueMessages != result.Dispatched)
    failures.Add($"{result.DueMessages:N0} FollowUpDue outbox rows for {result.Dispatched:N0} dispatched steps ({result.WithoutMessage:N0} without one)");
if (result.OverdueMessages != 0) failures.Add($"{result.OverdueMessages:N0} FollowUpOverdue rows, though no step was overdue");
if (result.FutureFired != 0) failures.Add($"{result.FutureFired:N0} of the {FutureTasks:N0} future steps were dispatched");
foreach (var failure in failures) Console.Error.WriteLine($"FAIL: {failure}");
if (failures.Count > 0) return 1;
Console.WriteLine("OK: every step due within the minute announced once, none early, none of the future ones.");
return 0;
