using Microsoft.EntityFrameworkCore;
using Npgsql;
using Smarketing.ServiceDefaults.Resilience;
using StackExchange.Redis;

namespace Smarketing.ServiceDefaults.Tests;

public sealed class TransientFailuresTests
{
    [Theory]
    [InlineData("57P01")] // admin_shutdown: the postmaster ends every backend after one crashed
    [InlineData("57P03")] // cannot_connect_now: recovering
    [InlineData("53300")] // too_many_connections
    [InlineData("40P01")] // deadlock_detected
    public void A_database_restarting_or_busy_is_transient_also_inside_an_EF_update_error(string sqlState)
    {
        var postgres = new PostgresException("gone", "FATAL", "FATAL", sqlState);
        Assert.True(TransientFailures.IsTransient(postgres));
        Assert.True(TransientFailures.IsTransient(new DbUpdateException("save failed", postgres)));
    }

    [Fact]
    public void A_broken_connection_Redis_away_or_a_downstream_service_unreachable_is_transient()
    {
        Assert.True(TransientFailures.IsTransient(new NpgsqlException("Exception while reading from stream", new IOException("reset"))));
        Assert.True(TransientFailures.IsTransient(new RedisConnectionException(ConnectionFailureType.UnableToConnect, "No connection")));
        Assert.True(TransientFailures.IsTransient(new HttpRequestException("Connection refused")));
        Assert.True(TransientFailures.IsTransient(new InvalidOperationException("wrapped", new TimeoutException())));
    }

    [Theory]
    [InlineData("23505")] // unique_violation: a real conflict, retrying the same request changes nothing
    [InlineData("22P02")] // invalid_text_representation: a bug or bad input
    public void Errors_that_a_retry_would_repeat_are_not_transient(string sqlState)
    {
        Assert.False(TransientFailures.IsTransient(new DbUpdateException("save failed", new PostgresException("no", "ERROR", "ERROR", sqlState))));
        Assert.False(TransientFailures.IsTransient(new InvalidOperationException("a bug")));
        Assert.False(TransientFailures.IsTransient(new ArgumentException("bad input")));
    }
}
