using System.Text.Json;
using StackExchange.Redis;

namespace Smarketing.Reporting.Reports;

/// <summary>
/// Computed reports in Redis, keyed by a generation number that every applied event bumps: a report is recomputed at
/// most once per change of the read models, and a stale one is never served after the change commits. When Redis is
/// unreachable reports are computed directly.
/// </summary>
public sealed class ReportCache(IConnectionMultiplexer redis, ILogger<ReportCache> logger)
{
    private const string GenerationKey = "reports:generation";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<T> GetOrComputeAsync<T>(string report, string query, TimeSpan ttl, Func<Task<T>> compute)
    {
        string? key = null;
        try
        {
            var cache = redis.GetDatabase();
            var generation = (long?)await cache.StringGetAsync(GenerationKey) ?? 0;
            key = $"reports:{generation}:{report}:{query}";
            var cached = await cache.StringGetAsync(key);
            if (cached.HasValue) return JsonSerializer.Deserialize<T>((string)cached!, Json)!;
        }
        catch (RedisException ex)
        {
            logger.LogWarning(ex, "Report cache unavailable; computing {Report} directly", report);
            return await compute();
        }

        var value = await compute();
        try
        {
            await redis.GetDatabase().StringSetAsync(key, JsonSerializer.Serialize(value, Json), ttl);
        }
        catch (RedisException ex)
        {
            logger.LogWarning(ex, "Could not cache {Report}", report);
        }
        return value;
    }

    /// <summary>Called after an event's changes commit.</summary>
    public async Task InvalidateAsync()
    {
        try
        {
            await redis.GetDatabase().StringIncrementAsync(GenerationKey);
        }
        catch (RedisException ex)
        {
            // Cached reports live at most their TTL, so a missed bump only delays fresh numbers.
            logger.LogWarning(ex, "Could not invalidate cached reports");
        }
    }
}
