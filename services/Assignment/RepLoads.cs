using Microsoft.EntityFrameworkCore;
using Smarketing.Assignment.Data;
using StackExchange.Redis;

namespace Smarketing.Assignment;

/// <summary>
/// Each rep's open leads, counted in one Redis hash every replica shares, so a pick costs no count query. PostgreSQL
/// holds the truth; the hash is a copy that is trusted only when whole:
/// <list type="bullet">
/// <item>It is written whole from PostgreSQL, with a marker field, by the holder of the assignment lock only.</item>
/// <item>Every change is one Lua script that checks, on the server and in the same step, that the caller still holds the
/// lock and that the hash is whole; a hash that was dropped is never re-created one rep at a time.</item>
/// <item>It expires, so any drift (a crash between a commit and its count) lasts at most <see cref="RebuildAfter"/>.</item>
/// </list>
/// </summary>
public sealed class RepLoads(IConnectionMultiplexer redis, ILogger<RepLoads> logger)
{
    private const string LoadKey = "smk:assignment:load";
    private const string WholeMarker = "#whole";
    public static readonly TimeSpan RebuildAfter = TimeSpan.FromMinutes(10);

    private const string WriteWhole = $"""
        if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
        redis.call('DEL', KEYS[2])
        redis.call('HSET', KEYS[2], '{WholeMarker}', '1', unpack(ARGV, 3))
        redis.call('PEXPIRE', KEYS[2], ARGV[2])
        return 1
        """;

    private const string Change = $"""
        if redis.call('GET', KEYS[1]) ~= ARGV[1] then return -1 end
        if redis.call('HEXISTS', KEYS[2], '{WholeMarker}') == 0 then return 0 end
        for i = 2, #ARGV, 2 do redis.call('HINCRBY', KEYS[2], ARGV[i], ARGV[i + 1]) end
        return 1
        """;

    private static readonly RedisKey[] Keys = [AssignmentLock.LockKey, LoadKey];

    /// <summary>The open leads of every rep: from the hash when it is whole, else counted in PostgreSQL and written back.</summary>
    public async Task<Dictionary<Guid, int>> ReadAsync(AssignmentDbContext db, AssignmentLock.Hold hold, CancellationToken ct)
    {
        var store = redis.GetDatabase();
        var cached = await store.HashGetAllAsync(LoadKey);
        if (cached.Any(e => e.Name == WholeMarker))
            return cached.Where(e => e.Name != WholeMarker).ToDictionary(e => Guid.Parse(e.Name.ToString()), e => (int)e.Value);

        var loads = await CountAsync(db, ct);
        RedisValue[] args = [hold.Token, (long)RebuildAfter.TotalMilliseconds, .. loads.SelectMany(l => new RedisValue[] { l.Key.ToString(), l.Value })];
        var written = (long)await store.ScriptEvaluateAsync(WriteWhole, Keys, args);
        logger.LogInformation("Rebuilt rep load counters from PostgreSQL for {Count} rep(s){Fenced}", loads.Count, written == 1 ? "" : " (not written back: the lock was lost)");
        return loads;
    }

    /// <summary>
    /// Moves the counters by <paramref name="deltas"/> after a commit. Refused when the lock was lost meanwhile: then the
    /// hash is dropped, and the next holder counts afresh.
    /// </summary>
    public async Task AddAsync(AssignmentLock.Hold hold, IEnumerable<KeyValuePair<Guid, int>> deltas)
    {
        var changes = deltas.Where(d => d.Value != 0).ToList();
        if (changes.Count == 0) return;
        var store = redis.GetDatabase();
        RedisValue[] args = [hold.Token, .. changes.SelectMany(d => new RedisValue[] { d.Key.ToString(), d.Value })];
        var applied = (long)await store.ScriptEvaluateAsync(Change, Keys, args);
        if (applied < 0) await ForgetAsync("the lock was lost before the counters were moved");
    }

    /// <summary>Drops the hash, so the next holder counts in PostgreSQL. Safe at any time: a dropped hash is never trusted in part.</summary>
    public async Task ForgetAsync(string why)
    {
        await redis.GetDatabase().KeyDeleteAsync(LoadKey);
        logger.LogWarning("Dropped the rep load counters: {Reason}", why);
    }

    public static async Task<Dictionary<Guid, int>> CountAsync(AssignmentDbContext db, CancellationToken ct) =>
        await CapacityGuard.OpenLoads(db).ToDictionaryAsync(r => r.RepId, r => r.Open, ct);
}
