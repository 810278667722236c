using System.Net.Sockets;
using RabbitMQ.Client;

namespace Smarketing.AppHost.Hosting.Resources;

/// <summary>
/// rabbitmq-server from Debian's package in the foreground, with its own Erlang port mapper (so it never
/// daemonises outside our process group), private ports, node directory, config and credentials.
/// </summary>
public sealed class RabbitMQResource(string name) : ProcessResource(name), IResourceWithConnectionString
{
    public const string UserName = "smarketing";

    public override string Kind => "RabbitMQ";
    public int Port { get; private set; }
    public int ManagementPort { get; private set; }
    private int _epmdPort;
    private int _distPort;

    public override string? Endpoint => $"amqp://127.0.0.1:{Port} (management http://127.0.0.1:{ManagementPort})";
    public override IReadOnlyList<ResourceEndpoint> Endpoints => [new("amqp", $"amqp://127.0.0.1:{Port}"), new("management", ManagementUrl)];
    public string ManagementUrl => $"http://127.0.0.1:{ManagementPort}";
    public string Password => Context.Secrets.RabbitPassword;
    public string ConnectionString => $"amqp://{UserName}:{Context.Secrets.RabbitPassword}@127.0.0.1:{Port}/";

    internal override void Prepare()
    {
        Port = Context.FreePort();
        ManagementPort = Context.FreePort();
        _epmdPort = Context.FreePort();
        _distPort = Context.FreePort();
    }

    internal override async Task StartAsync(CancellationToken ct)
    {
        var dir = Context.PathFor("rabbitmq");
        foreach (var sub in new[] { "home", "mnesia", "log" }) Directory.CreateDirectory(Path.Combine(dir, sub));
        var config = Path.Combine(dir, "rabbitmq.conf");
        await File.WriteAllTextAsync(config, $"""
            listeners.tcp.default = 127.0.0.1:{Port}
            default_user = {UserName}
            default_pass = {Context.Secrets.RabbitPassword}
            default_user_tags.administrator = true
            loopback_users = none
            management.tcp.port = {ManagementPort}
            management.tcp.ip = 127.0.0.1
            disk_free_limit.absolute = 50MB
            log.connection.level = warning
            """, ct);
        File.SetUnixFileMode(config, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        await File.WriteAllTextAsync(Path.Combine(dir, "enabled_plugins"), "[rabbitmq_management].", ct);
        await File.WriteAllTextAsync(Path.Combine(dir, "rabbitmq-env.conf"), "", ct);

        var epmd = Launch("epmd", ["-port", _epmdPort.ToString()], new Dictionary<string, string>(), dir);
        await WaitUntilReadyAsync(epmd, async token =>
        {
            using var client = new TcpClient();
            await client.ConnectAsync("127.0.0.1", _epmdPort, token);
            return true;
        }, ct);

        var environment = new Dictionary<string, string>
        {
            ["HOME"] = Path.Combine(dir, "home"),
            ["RABBITMQ_NODENAME"] = "smarketing@localhost",
            ["RABBITMQ_NODE_PORT"] = Port.ToString(),
            ["RABBITMQ_DIST_PORT"] = _distPort.ToString(),
            ["ERL_EPMD_PORT"] = _epmdPort.ToString(),
            ["RABBITMQ_CONFIG_FILE"] = config,
            ["RABBITMQ_ENABLED_PLUGINS_FILE"] = Path.Combine(dir, "enabled_plugins"),
            ["RABBITMQ_CONF_ENV_FILE"] = Path.Combine(dir, "rabbitmq-env.conf"),
            ["RABBITMQ_MNESIA_BASE"] = Path.Combine(dir, "mnesia"),
            ["RABBITMQ_LOG_BASE"] = Path.Combine(dir, "log"),
            ["RABBITMQ_LOGS"] = "-",
        };
        var server = Launch("/usr/lib/rabbitmq/bin/rabbitmq-server", [], environment, dir);
        await WaitUntilReadyAsync(server, ConnectAsync, ct);
    }

    internal override Task StopAsync() => StopProcessesAsync(TimeSpan.FromSeconds(10));

    internal override async Task<(bool Healthy, string Report)> CheckHealthAsync(CancellationToken ct)
    {
        try
        {
            return await ConnectAsync(ct) ? (true, "AMQP connect ok") : (false, "AMQP connect failed");
        }
        catch (Exception ex)
        {
            return (false, ex.Message);
        }
    }

    private async Task<bool> ConnectAsync(CancellationToken ct)
    {
        var factory = new ConnectionFactory { Uri = new Uri(ConnectionString), RequestedConnectionTimeout = TimeSpan.FromSeconds(3) };
        await using var connection = await factory.CreateConnectionAsync("smarketing-apphost-probe", ct);
        return connection.IsOpen;
    }
}
