using System.Net.Sockets;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using RabbitMQ.Client;

namespace Smarketing.AppHost.Local;

/// <summary>rabbitmq-server from Debian's package in the foreground, with private ports, node directory, config and credentials.</summary>
public sealed class RabbitMQServerResource(string name, string workingDirectory, ParameterResource password)
    : ExecutableResource(name, LocalSettings.RabbitMqServer, workingDirectory), IResourceWithConnectionString
{
    public const string UserName = "smarketing";
    public EndpointReference PrimaryEndpoint => new(this, "tcp");
    public EndpointReference ManagementEndpoint => new(this, "management");
    public ParameterResource PasswordParameter => password;

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"amqp://{UserName}:{PasswordParameter}@127.0.0.1:{PrimaryEndpoint.Property(EndpointProperty.Port)}/");
}

/// <summary>The Erlang port mapper of one broker, run in the foreground so that it never daemonises outside the run.</summary>
public sealed class EpmdResource(string name, string workingDirectory) : ExecutableResource(name, "epmd", workingDirectory);

public static class LocalRabbitMQExtensions
{
    public static IResourceBuilder<RabbitMQServerResource> AddRabbitMQ(this IDistributedApplicationBuilder builder, string name)
    {
        var settings = LocalSettings.For(builder);
        var password = builder.AddParameter($"{name}-password", secret: true);
        var dir = settings.PathFor("rabbitmq");
        var config = Path.Combine(dir, "rabbitmq.conf");
        var (port, managementPort, epmdPort, distPort) = (settings.FreePort(), settings.FreePort(), settings.FreePort(), settings.FreePort());
        var broker = new RabbitMQServerResource(name, dir, password.Resource);

        builder.Eventing.Subscribe<BeforeResourceStartedEvent>(broker, async (_, ct) =>
        {
            foreach (var sub in new[] { "home", "mnesia", "log" }) Directory.CreateDirectory(Path.Combine(dir, sub));
            await File.WriteAllTextAsync(config, $"""
                listeners.tcp.default = 127.0.0.1:{port}
                default_user = {RabbitMQServerResource.UserName}
                default_pass = {await password.Resource.GetValueAsync(ct)}
                default_user_tags.administrator = true
                loopback_users = none
                management.tcp.port = {managementPort}
                management.tcp.ip = 127.0.0.1
                disk_free_limit.absolute = 50MB
                log.connection.level = warning
                """, ct);
            File.SetUnixFileMode(config, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            await File.WriteAllTextAsync(Path.Combine(dir, "enabled_plugins"), "[rabbitmq_management].", ct);
            await File.WriteAllTextAsync(Path.Combine(dir, "rabbitmq-env.conf"), "", ct);
        });

        var epmdCheck = $"{name}-epmd_check";
        builder.Services.AddHealthChecks().AddAsyncCheck(epmdCheck, async ct =>
        {
            using var client = new TcpClient();
            await client.ConnectAsync("127.0.0.1", epmdPort, ct);
            return HealthCheckResult.Healthy();
        });
        Directory.CreateDirectory(dir);
        var epmd = builder.AddResource(new EpmdResource($"{name}-epmd", dir))
            .WithArgs("-port", epmdPort.ToString())
            .WithHealthCheck(epmdCheck);

        string? connectionString = null;
        builder.Eventing.Subscribe<ConnectionStringAvailableEvent>(broker, async (_, ct) =>
            connectionString = await broker.ConnectionStringExpression.GetValueAsync(ct));
        IConnection? probe = null;
        var healthCheck = $"{name}_check";
        builder.Services.AddHealthChecks().AddRabbitMQ(async _ => probe ??= await new ConnectionFactory
        {
            Uri = new Uri(connectionString ?? throw new InvalidOperationException("The connection string is not known yet.")),
            ClientProvidedName = "smarketing-apphost-health",
            RequestedConnectionTimeout = TimeSpan.FromSeconds(3),
        }.CreateConnectionAsync(), name: healthCheck);

        return builder.AddResource(broker)
            .WithEndpoint(port: port, targetPort: port, name: "tcp", scheme: "amqp", isProxied: false)
            .WithHttpEndpoint(port: managementPort, targetPort: managementPort, name: "management", isProxied: false)
            .WithEnvironment("HOME", Path.Combine(dir, "home"))
            .WithEnvironment("RABBITMQ_NODENAME", $"{name}@localhost")
            .WithEnvironment("RABBITMQ_NODE_PORT", port.ToString())
            // Its default (node port + 20000) overflows on high ports.
            .WithEnvironment("RABBITMQ_DIST_PORT", distPort.ToString())
            .WithEnvironment("ERL_EPMD_PORT", epmdPort.ToString())
            .WithEnvironment("RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS", "-start_epmd false")
            .WithEnvironment("RABBITMQ_CONFIG_FILE", config)
            .WithEnvironment("RABBITMQ_ENABLED_PLUGINS_FILE", Path.Combine(dir, "enabled_plugins"))
            .WithEnvironment("RABBITMQ_CONF_ENV_FILE", Path.Combine(dir, "rabbitmq-env.conf"))
            .WithEnvironment("RABBITMQ_MNESIA_BASE", Path.Combine(dir, "mnesia"))
            .WithEnvironment("RABBITMQ_LOG_BASE", Path.Combine(dir, "log"))
            // Its log goes to standard output, so it shows in the dashboard's console view.
            .WithEnvironment("RABBITMQ_LOGS", "-")
            .WithHealthCheck(healthCheck)
            .WaitFor(epmd)
            .WithErrorQueues();
    }
}
