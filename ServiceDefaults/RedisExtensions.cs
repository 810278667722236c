using StackExchange.Redis;

namespace Microsoft.Extensions.Hosting;

public static class RedisExtensions
{
    /// <summary>
    /// One shared multiplexer for the Aspire connection string <paramref name="name"/>, through Aspire's Redis client
    /// integration (its health check, and its traces when there is a collector).
    /// </summary>
    public static IHostApplicationBuilder AddServiceCache(this IHostApplicationBuilder builder, string name = "cache")
    {
        // Authentication adds it for every service; a service that uses Redis itself asks again.
        if (builder.Services.Any(d => d.ServiceType == typeof(IConnectionMultiplexer))) return builder;
        var telemetry = ServiceDefaultsExtensions.HasCollector(builder.Configuration);
        builder.AddRedisClient(name,
            settings => settings.DisableTracing = !telemetry,
            options =>
            {
                options.AbortOnConnectFail = false;
                // The .NET thread pool reads the socket, not the client's own ten dedicated threads: a profile of reporting
                // under load had a quarter of its CPU in those threads waking and waiting, for one cache increment per batch.
                options.SocketManager = SocketManager.ThreadPool;
            });
        return builder;
    }
}
