using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Claims;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Smarketing.ServiceDefaults.Security;

public enum SessionVerdict
{
    /// <summary>The session is live and the token's version is current.</summary>
    Live,
    /// <summary>Signed out, deactivated, or the role changed since the token was issued.</summary>
    Ended,
    /// <summary>Redis cannot tell (down, or its copy is being rebuilt).</summary>
    Unknown,
}

/// <summary>
/// Checks a person's access token against the gateway's session state in Redis on every request, in every service.
/// Answers are cached in-process for at most <see cref="CacheFor"/>, so a sign-out, a deactivation or a role change
/// takes effect everywhere within that bound at one Redis round trip per user and session per interval.
/// </summary>
public sealed class SessionCheck(IServiceProvider services, TimeProvider clock, ILogger<SessionCheck> logger)
{
    /// <summary>The bound on how late a revocation is enforced by a service that already looked this session up.</summary>
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(3);
    private const int MaxCached = 20_000;

    private readonly ConcurrentDictionary<(Guid User, Guid Session), Entry> _cache = new();
    private IConnectionMultiplexer? _redis;

    private sealed record Entry(long Version, bool Revoked, DateTimeOffset ReadAt);

    public async ValueTask<SessionVerdict> CheckAsync(ClaimsPrincipal principal)
    {
        // Tokens for API keys (api-key:…) and the gateway itself (service:…) are not sessions: they live two minutes.
        if (!Guid.TryParse(principal.FindFirst("sub")?.Value, out var userId)) return SessionVerdict.Live;
        if (!Guid.TryParse(principal.FindFirst(ClaimNames.SessionId)?.Value, out var sessionId) ||
            !long.TryParse(principal.FindFirst(ClaimNames.TokenVersion)?.Value, CultureInfo.InvariantCulture, out var tokenVersion))
            return SessionVerdict.Ended;

        var now = clock.GetUtcNow();
        if (!_cache.TryGetValue((userId, sessionId), out var entry) || now - entry.ReadAt > CacheFor)
        {
            entry = await ReadAsync(userId, sessionId, now);
            if (entry is null) return SessionVerdict.Unknown;
            if (_cache.Count > MaxCached) _cache.Clear();
            _cache[(userId, sessionId)] = entry;
        }
        return entry.Revoked || tokenVersion < entry.Version ? SessionVerdict.Ended : SessionVerdict.Live;
    }

    private async Task<Entry?> ReadAsync(Guid userId, Guid sessionId, DateTimeOffset now)
    {
        try
        {
            _redis ??= services.GetRequiredService<IConnectionMultiplexer>();
            var values = await _redis.GetDatabase().StringGetAsync(
                [SessionKeys.Ready, SessionKeys.Version(userId), SessionKeys.Revoked(sessionId)]);
            if (values[0].IsNull) return null;
            var version = values[1].TryParse(out long v) ? v : 0;
            return new Entry(version, !values[2].IsNull, now);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            logger.LogWarning(ex, "Cannot read the session state from Redis; refusing signed-in requests until it answers");
            return null;
        }
    }
}

/// <summary>Why a request with a well-signed token was refused 503: nobody could say whether its session still holds.</summary>
public sealed class SessionStateUnavailableException() : Exception("The session state (Redis) is not available.");
