using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace Microsoft.Extensions.Hosting;

public static class RedisExtensions
{
    /// <summary>Registers one shared multiplexer for the Aspire-style connection string <paramref name="name"/>.</summary>
    public static IHostApplicationBuilder AddRedisClient(this IHostApplicationBuilder builder, string name = "cache")
    {
        var connectionString = builder.Configuration.GetConnectionString(name)
            ?? throw new InvalidOperationException($"ConnectionStrings:{name} is not set.");
        var options = ConfigurationOptions.Parse(connectionString);
        options.AbortOnConnectFail = false;
        // The .NET thread pool reads the socket, not the client's own ten dedicated threads: a profile of reporting under
        // load had a quarter of its CPU in those threads waking and waiting, for one cache increment per batch.
        options.SocketManager = SocketManager.ThreadPool;
        builder.Services.AddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect(options));
        builder.Services.AddHealthChecks().AddCheck<RedisHealthCheck>(name, tags: [ServiceDefaultsExtensions.ReadyTag]);
        return builder;
    }

    private sealed class RedisHealthCheck(IConnectionMultiplexer redis) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                var latency = await redis.GetDatabase().PingAsync();
                return HealthCheckResult.Healthy($"PING {latency.TotalMilliseconds:0.0} ms");
            }
            catch (Exception ex)
            {
                return HealthCheckResult.Unhealthy("Redis did not answer PING", ex);
            }
        }
    }
}
