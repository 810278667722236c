using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using StackExchange.Redis;

namespace Smarketing.Gateway.Identity;

/// <summary>
/// Finds the API key behind a presented secret. Hits are cached in Redis, shared by every gateway replica,
/// and a revocation deletes the cache entry, so a revoked key is refused on its very next request.
/// </summary>
public sealed class ApiKeyStore(IServiceScopeFactory scopes, IConnectionMultiplexer redis, TimeProvider clock)
{
    private static readonly TimeSpan CacheFor = TimeSpan.FromMinutes(5);

    public async Task<ApiKey?> FindActiveAsync(string secret, CancellationToken ct)
    {
        var hash = TokenService.Hash(secret);
        var cache = redis.GetDatabase();
        var cached = await cache.StringGetAsync(CacheKey(hash));
        var key = cached.HasValue ? JsonSerializer.Deserialize<ApiKey>(cached.ToString()) : null;
        if (key is null)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<IdentityDbContext>();
            key = await db.ApiKeys.AsNoTracking().FirstOrDefaultAsync(k => k.KeyHash == hash, ct);
            if (key is null) return null;
            await cache.StringSetAsync(CacheKey(hash), JsonSerializer.Serialize(key), CacheFor);
        }
        if (key.RevokedAt is not null) return null;
        await TouchAsync(key, cache, ct);
        return key;
    }

    public Task ForgetAsync(string keyHash) => redis.GetDatabase().KeyDeleteAsync(CacheKey(keyHash));

    /// <summary>Records last use at most once a minute per key, not on every lead.</summary>
    private async Task TouchAsync(ApiKey key, IDatabase cache, CancellationToken ct)
    {
        if (!await cache.StringSetAsync($"smk:apikey:used:{key.Id}", 1, TimeSpan.FromMinutes(1), When.NotExists)) return;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IdentityDbContext>();
        var now = clock.GetUtcNow().UtcDateTime;
        await db.ApiKeys.Where(k => k.Id == key.Id).ExecuteUpdateAsync(s => s.SetProperty(k => k.LastUsedAt, now), ct);
    }

    private static string CacheKey(string hash) => $"smk:apikey:{hash}";
}
