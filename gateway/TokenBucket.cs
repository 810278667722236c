using StackExchange.Redis;

namespace Smarketing.Gateway;

public sealed record RateDecision(bool Allowed, TimeSpan RetryAfter);

/// <summary>
/// A token bucket per API key kept in Redis and updated by one Lua script, so every gateway replica draws
/// from the same bucket atomically; time comes from Redis itself, never from the replicas' clocks.
/// </summary>
public sealed class TokenBucket(IConnectionMultiplexer redis)
{
    private static readonly LuaScript Script = LuaScript.Prepare("""
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        local rate = tonumber(@rate)
        local burst = tonumber(@burst)
        local state = redis.call('HMGET', @key, 'tokens', 'ts')
        local tokens = tonumber(state[1])
        local ts = tonumber(state[2])
        if tokens == nil then tokens = burst; ts = now end
        tokens = math.min(burst, tokens + (now - ts) * rate / 1000)
        local allowed = 0
        local retry = 0
        if tokens >= 1 then
          tokens = tokens - 1
          allowed = 1
        else
          retry = math.ceil((1 - tokens) * 1000 / rate)
        end
        redis.call('HSET', @key, 'tokens', tostring(tokens), 'ts', now)
        redis.call('PEXPIRE', @key, math.ceil(burst * 1000 / rate) + 1000)
        return { allowed, retry }
        """);

    public async Task<RateDecision> TakeAsync(string bucket, int permitsPerSecond, int burst)
    {
        var result = (RedisResult[])(await redis.GetDatabase().ScriptEvaluateAsync(Script,
            new { key = (RedisKey)$"smk:ratelimit:{bucket}", rate = permitsPerSecond, burst }))!;
        return new RateDecision((int)result[0] == 1, TimeSpan.FromMilliseconds((long)result[1]));
    }
}
