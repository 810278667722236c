using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;

namespace Smarketing.AppHost.Local;

/// <summary>redis-server from Debian's package on a private directory, port and password.</summary>
public sealed class RedisResource(string name, string workingDirectory, ParameterResource password)
    : ExecutableResource(name, "redis-server", workingDirectory), IResourceWithConnectionString
{
    public EndpointReference PrimaryEndpoint => new(this, "tcp");
    public ParameterResource PasswordParameter => password;

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"127.0.0.1:{PrimaryEndpoint.Property(EndpointProperty.Port)},password={PasswordParameter}");
}

public static class LocalRedisExtensions
{
    public static IResourceBuilder<RedisResource> AddRedis(this IDistributedApplicationBuilder builder, string name)
    {
        var settings = LocalSettings.For(builder);
        var password = builder.AddParameter($"{name}-password", secret: true);
        var dir = settings.PathFor("redis");
        var config = Path.Combine(dir, "redis.conf");
        var port = settings.FreePort();
        var redis = new RedisResource(name, dir, password.Resource);

        // The password lives in a file only we can read, not on a command line others can see.
        builder.Eventing.Subscribe<BeforeResourceStartedEvent>(redis, async (_, ct) =>
        {
            Directory.CreateDirectory(dir);
            await File.WriteAllTextAsync(config, $"""
                port {port}
                bind 127.0.0.1
                protected-mode yes
                daemonize no
                dir {dir}
                requirepass {await password.Resource.GetValueAsync(ct)}
                save {(settings.RelaxedDurability ? "\"\"" : "60 1000")}
                appendonly no
                loglevel notice
                """, ct);
            File.SetUnixFileMode(config, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        });

        string? connectionString = null;
        builder.Eventing.Subscribe<ConnectionStringAvailableEvent>(redis, async (_, ct) =>
            connectionString = await redis.ConnectionStringExpression.GetValueAsync(ct));
        var healthCheck = $"{name}_check";
        builder.Services.AddHealthChecks().AddRedis(
            _ => (connectionString ?? throw new InvalidOperationException("The connection string is not known yet.")) + ",abortConnect=false,connectTimeout=3000",
            name: healthCheck);

        return builder.AddResource(redis)
            .WithEndpoint(port: port, targetPort: port, name: "tcp", scheme: "tcp", isProxied: false)
            .WithArgs(config)
            .WithHealthCheck(healthCheck);
    }
}
