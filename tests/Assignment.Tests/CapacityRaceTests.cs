using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Smarketing.Assignment;
using Smarketing.Assignment.Data;
using Smarketing.Assignment.Domain;
using Smarketing.Benchmarks;
using StackExchange.Redis;

namespace Smarketing.Assignment.Tests;

/// <summary>
/// Two assignment replicas (each its own process-wide lock gate, DbContexts and Redis connection) against one real
/// PostgreSQL and Redis from the AppHost's model, closing and assigning leads at the same time: no rep may ever hold more
/// open leads than their capacity, whatever order the replicas' reads and writes of the load counters interleave in.
/// </summary>
[Trait("Category", "Integration")]
public sealed class CapacityRaceTests : IAsyncLifetime
{
    private const int Capacity = 3;
    private BenchPostgres _servers = null!;
    private ServiceProvider[] _replicas = [];
    private readonly List<Guid> _reps = [];

    public async Task InitializeAsync()
    {
        _servers = await BenchPostgres.StartAsync("assignmentdb", "cache");
        var redis = await _servers.ConnectionStringOf("cache");
        _replicas = [Replica(_servers.ConnectionString, redis), Replica(_servers.ConnectionString, redis)];
        await using var scope = _replicas[0].CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AssignmentDbContext>();
        await db.Database.MigrateAsync();
        var allDays = Enum.GetNames<DayOfWeek>().Select(d => d.ToLowerInvariant()).ToList();
        for (var i = 0; i < 4; i++)
        {
            var id = Guid.NewGuid();
            _reps.Add(id);
            db.SalesReps.Add(new SalesRep
            {
                Id = id, Name = $"Rep {i}", Email = $"rep{i}@race.test", Capacity = Capacity, Workdays = allDays,
                WorkdayStart = TimeOnly.MinValue, WorkdayEnd = new TimeOnly(23, 59, 59), TimeZone = "UTC", CreatedAt = DateTime.UtcNow,
            });
        }
        await db.SaveChangesAsync();
    }

    public async Task DisposeAsync()
    {
        foreach (var replica in _replicas) await replica.DisposeAsync();
        await _servers.DisposeAsync();
    }

    [Fact]
    public async Task Closing_and_assigning_on_two_replicas_at_once_never_puts_a_rep_over_capacity()
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var worst = 0;
        var assigned = 0;
        var closed = 0;
        var conflicts = 0;
        // Each replica assigns new leads and closes open ones, as LeadScored and LeadOutcomeRecorded arrive on both.
        async Task WorkAsync(ServiceProvider replica, int seed)
        {
            var random = new Random(seed);
            for (var round = 0; round < 150; round++)
            {
                await using var scope = replica.CreateAsyncScope();
                var assigner = scope.ServiceProvider.GetRequiredService<LeadAssigner>();
                var db = scope.ServiceProvider.GetRequiredService<AssignmentDbContext>();
                try
                {
                    if (random.Next(2) == 0)
                    {
                        var open = await db.Assignments.Where(a => a.IsOpen).Select(a => a.LeadId).ToListAsync(deadline.Token);
                        if (open.Count > 0)
                        {
                            await assigner.ReleaseAsync(open[random.Next(open.Count)], deadline.Token);
                            Interlocked.Increment(ref closed);
                        }
                    }
                    else if (await assigner.AssignAsync(Guid.NewGuid(), new LeadTraits("A", "website-form"), "race", null, deadline.Token))
                    {
                        Interlocked.Increment(ref assigned);
                    }
                }
                catch (DbUpdateException ex) when (ex.InnerException is Npgsql.PostgresException { SqlState: "23505" })
                {
                    // Both replicas gave the same queued lead its freed place: the loser's message is retried (and then finds it assigned).
                    Interlocked.Increment(ref conflicts);
                }
                var heaviest = await HeaviestLoadAsync(db);
                InterlockedMax(ref worst, heaviest);
            }
        }

        await Task.WhenAll(WorkAsync(_replicas[0], 1), WorkAsync(_replicas[1], 2));

        await using var check = _replicas[0].CreateAsyncScope();
        var final = await HeaviestLoadAsync(check.ServiceProvider.GetRequiredService<AssignmentDbContext>());
        Console.WriteLine($"Capacity race: {assigned} lead(s) placed or queued, {closed} closed, {conflicts} write conflict(s) left to a retry; heaviest open load seen {worst}, at the end {final} (capacity {Capacity})");
        Assert.True(assigned > 50 && closed > 50, $"The replicas did too little to race: {assigned} assigned, {closed} closed.");
        Assert.True(worst <= Capacity, $"A rep held {worst} open leads with a capacity of {Capacity}.");
    }

    [Fact]
    public async Task Counters_that_show_room_a_rep_does_not_have_are_overruled_by_PostgreSQL()
    {
        await using (var scope = _replicas[0].CreateAsyncScope())
        {
            var assigner = scope.ServiceProvider.GetRequiredService<LeadAssigner>();
            for (var i = 0; i < _reps.Count * Capacity; i++) Assert.True(await assigner.AssignAsync(Guid.NewGuid(), new LeadTraits("A", "website-form"), "fill", null, default));
        }
        // What a lost lock or a crash between a commit and its count can leave: a whole-looking hash that says everyone is free.
        var redis = _replicas[1].GetRequiredService<IConnectionMultiplexer>().GetDatabase();
        await redis.HashSetAsync("smk:assignment:load", [new HashEntry("#whole", 1), .. _reps.Select(r => new HashEntry(r.ToString(), 0))]);

        await using (var scope = _replicas[1].CreateAsyncScope())
        {
            var assigner = scope.ServiceProvider.GetRequiredService<LeadAssigner>();
            for (var i = 0; i < 3; i++) Assert.True(await assigner.AssignAsync(Guid.NewGuid(), new LeadTraits("A", "website-form"), "one too many", null, default));
            var db = scope.ServiceProvider.GetRequiredService<AssignmentDbContext>();
            Assert.Equal(Capacity, await HeaviestLoadAsync(db));
            Assert.Equal(3, await db.QueuedLeads.CountAsync());
        }
    }

    [Fact]
    public async Task A_hold_longer_than_the_lock_expiry_is_renewed_and_keeps_the_other_replica_out()
    {
        var first = _replicas[0].GetRequiredService<AssignmentLock>();
        var second = _replicas[1].GetRequiredService<AssignmentLock>();
        await using (var hold = await first.AcquireAsync(default))
        {
            await Task.Delay(TimeSpan.FromSeconds(12)); // past the 10 s expiry
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => second.AcquireAsync(wait.Token));
            Assert.False(hold.Lost.IsCancellationRequested);
        }
        using var soon = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await using var next = await second.AcquireAsync(soon.Token);
    }

    [Fact]
    public async Task A_holder_that_lost_the_lock_cannot_move_the_counters()
    {
        await using var scope = _replicas[0].CreateAsyncScope();
        var loads = scope.ServiceProvider.GetRequiredService<RepLoads>();
        var db = scope.ServiceProvider.GetRequiredService<AssignmentDbContext>();
        var redis = _replicas[0].GetRequiredService<IConnectionMultiplexer>().GetDatabase();
        await using var stale = await _replicas[0].GetRequiredService<AssignmentLock>().AcquireAsync(default);
        await loads.ReadAsync(db, stale, default);
        // The lock goes to another replica while this holder is paused (an expiry it could not renew, or Redis restarted).
        await redis.KeyDeleteAsync(AssignmentLock.LockKey);
        await using var current = await _replicas[1].GetRequiredService<AssignmentLock>().AcquireAsync(default);

        await loads.AddAsync(stale, [new(_reps[0], 1)]);

        // Refused, and the counters dropped, so the current holder counts afresh in PostgreSQL instead of trusting them.
        Assert.False(await redis.KeyExistsAsync("smk:assignment:load"));
    }

    private static async Task<int> HeaviestLoadAsync(AssignmentDbContext db) =>
        await db.Assignments.Where(a => a.IsOpen).GroupBy(a => a.RepId).Select(g => g.Count()).OrderByDescending(c => c).FirstOrDefaultAsync();

    private static void InterlockedMax(ref int target, int value)
    {
        for (var seen = Volatile.Read(ref target); value > seen; seen = Volatile.Read(ref target))
            if (Interlocked.CompareExchange(ref target, value, seen) == seen) return;
    }

    /// <summary>One replica's services, as AssignmentServices wires them (the lock and the Redis connection are per process).</summary>
    private static ServiceProvider Replica(string database, string redis)
    {
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        services.AddMetrics();
        services.AddDbContext<AssignmentDbContext>(options => options.UseNpgsql(database, npgsql => npgsql.MigrationsHistoryTable("__ef_migrations")));
        services.AddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect(redis));
        services.AddSingleton<AssignmentLock>();
        services.AddSingleton<RepLoads>();
        services.AddSingleton<AssignmentMetrics>();
        services.AddScoped<LeadAssigner>();
        return services.BuildServiceProvider();
    }
}
