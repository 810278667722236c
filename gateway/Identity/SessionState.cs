using Microsoft.EntityFrameworkCore;
using Smarketing.ServiceDefaults.Security;
using StackExchange.Redis;

namespace Smarketing.Gateway.Identity;

/// <summary>
/// Writes the copy of the session state that every service checks (<see cref="SessionKeys"/>): token versions and
/// signed-out sessions. PostgreSQL is the truth; when a write fails or the copy is gone (a flush, Redis without its
/// data) it is rebuilt from there. Writes only ever raise a version or add a revocation, so two gateway replicas
/// (a rebuild racing a change) can never undo one.
/// </summary>
public sealed class SessionState(IConnectionMultiplexer redis, IServiceScopeFactory scopes, TimeProvider clock, ILogger<SessionState> logger)
{
    /// <summary>A revoked session is remembered as long as one of its access tokens could still pass (lifetime and skew).</summary>
    public static readonly TimeSpan RevokedFor = TokenService.AccessLifetime + TimeSpan.FromMinutes(1);

    private static readonly LuaScript RaiseVersion = LuaScript.Prepare("""
        local current = tonumber(redis.call('GET', @key) or '0')
        if tonumber(@version) > current then redis.call('SET', @key, @version) end
        return 1
        """);

    private volatile bool _stale;

    /// <summary>True after a failed write: the sync loop rebuilds the copy on its next round.</summary>
    public bool Stale => _stale;

    public Task UserChangedAsync(Guid userId, long version) => WriteAsync(db =>
        db.ScriptEvaluateAsync(RaiseVersion, new { key = (RedisKey)SessionKeys.Version(userId), version }));

    public Task SessionsEndedAsync(IReadOnlyCollection<Guid> sessionIds) => sessionIds.Count == 0 ? Task.CompletedTask : WriteAsync(db =>
        Task.WhenAll(sessionIds.Select(id => db.StringSetAsync(SessionKeys.Revoked(id), 1, RevokedFor))));

    /// <summary>Writes every raised version and every session revoked recently, then marks the copy whole.</summary>
    public async Task RebuildAsync(CancellationToken ct)
    {
        // Cleared before reading PostgreSQL: a write that fails from here on marks the copy stale again.
        _stale = false;
        try
        {
            await RebuildCoreAsync(ct);
        }
        catch
        {
            _stale = true;
            throw;
        }
    }

    private async Task RebuildCoreAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var identity = scope.ServiceProvider.GetRequiredService<IdentityDbContext>();
        var since = clock.GetUtcNow().UtcDateTime - RevokedFor;
        var versions = await identity.Users.AsNoTracking().Where(u => u.TokenVersion > 0)
            .Select(u => new { u.Id, u.TokenVersion }).ToListAsync(ct);
        var revoked = await identity.Sessions.AsNoTracking().Where(s => s.RevokedAt > since)
            .Select(s => new { s.Id, RevokedAt = s.RevokedAt!.Value }).ToListAsync(ct);
        var db = redis.GetDatabase();
        await Task.WhenAll(versions.Select(u =>
            db.ScriptEvaluateAsync(RaiseVersion, new { key = (RedisKey)SessionKeys.Version(u.Id), version = u.TokenVersion })));
        await Task.WhenAll(revoked.Select(s => db.StringSetAsync(SessionKeys.Revoked(s.Id), 1, s.RevokedAt - since)));
        await db.StringSetAsync(SessionKeys.Ready, clock.GetUtcNow().ToString("O"));
        logger.LogInformation("Rebuilt the session state in Redis: {Versions} token versions, {Revoked} revoked sessions", versions.Count, revoked.Count);
    }

    public async Task<bool> IsWholeAsync() => !_stale && await redis.GetDatabase().KeyExistsAsync(SessionKeys.Ready);

    /// <summary>
    /// A failed write does not fail the admin's or the user's request (PostgreSQL already holds the change): while Redis
    /// is unreachable the services refuse every session anyway, and the sync loop rebuilds the copy once it answers.
    /// </summary>
    private async Task WriteAsync(Func<IDatabase, Task> write)
    {
        try
        {
            await write(redis.GetDatabase());
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            _stale = true;
            logger.LogError(ex, "Could not write the session state to Redis; it will be rebuilt from PostgreSQL");
        }
    }
}

/// <summary>Rebuilds the session state at start and whenever it is stale or gone, checking every few seconds.</summary>
public sealed class SessionStateSync(SessionState state, ILogger<SessionStateSync> logger) : BackgroundService
{
    private static readonly TimeSpan Every = TimeSpan.FromSeconds(2);

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        // Before the gateway takes traffic, so the first sign-in is checked against a whole copy.
        await TryRebuildAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Every);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                if (!await state.IsWholeAsync()) await TryRebuildAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                logger.LogWarning("Redis does not answer ({Message}); signed-in requests are refused until it does", ex.Message);
            }
        }
    }

    private async Task TryRebuildAsync(CancellationToken ct)
    {
        try
        {
            await state.RebuildAsync(ct);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or DbUpdateException or Npgsql.NpgsqlException)
        {
            logger.LogWarning(ex, "Could not rebuild the session state yet; retrying in {Seconds} s", Every.TotalSeconds);
        }
    }
}
