using Npgsql;
using StackExchange.Redis;

namespace Smarketing.ServiceDefaults.Resilience;

/// <summary>Failures that say a dependency is away or restarting, not that the request or the code is wrong.</summary>
public static class TransientFailures
{
    /// <summary>
    /// True for PostgreSQL away, restarting or refusing connections (Npgsql marks those transient, as it does deadlocks and
    /// serialization failures), Redis unreachable, a downstream service unreachable through its HTTP client (after the
    /// resilience handler gave up), and timeouts; looked for along the inner exceptions (EF wraps Npgsql's).
    /// </summary>
    public static bool IsTransient(Exception error)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            if (e is NpgsqlException { IsTransient: true } or RedisConnectionException or RedisTimeoutException or TimeoutException
                or HttpRequestException or Polly.CircuitBreaker.BrokenCircuitException or Polly.Timeout.TimeoutRejectedException)
                return true;
        }
        return false;
    }
}
