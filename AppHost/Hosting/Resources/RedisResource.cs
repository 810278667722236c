using System.Net.Sockets;
using System.Text;

namespace Smarketing.AppHost.Hosting.Resources;

/// <summary>redis-server from Debian's package with a private directory, port and password.</summary>
public sealed class RedisResource(string name) : ProcessResource(name), IResourceWithConnectionString
{
    public override string Kind => "Redis";
    public int Port { get; private set; }
    public override string? Endpoint => $"tcp://127.0.0.1:{Port}";
    public override IReadOnlyList<ResourceEndpoint> Endpoints => [new("tcp", Endpoint!)];
    public string ConnectionString => $"127.0.0.1:{Port},password={Context.Secrets.RedisPassword}";

    internal override void Prepare() => Port = Context.FreePort();

    internal override async Task StartAsync(CancellationToken ct)
    {
        var dir = Context.PathFor("redis");
        Directory.CreateDirectory(dir);
        var config = Path.Combine(dir, "redis.conf");
        // The password lives in a file only we can read, not on a command line others can see.
        await File.WriteAllTextAsync(config, $"""
            port {Port}
            bind 127.0.0.1
            protected-mode yes
            daemonize no
            dir {dir}
            requirepass {Context.Secrets.RedisPassword}
            save {(Context.Options.Ephemeral ? "\"\"" : "60 1000")}
            appendonly no
            loglevel notice
            """, ct);
        File.SetUnixFileMode(config, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var process = Launch("redis-server", [config], new Dictionary<string, string>(), dir);
        await WaitUntilReadyAsync(process, PingAsync, ct);
    }

    internal override Task StopAsync() => StopProcessesAsync(TimeSpan.FromSeconds(5));

    internal override async Task<(bool Healthy, string Report)> CheckHealthAsync(CancellationToken ct)
    {
        try
        {
            return await PingAsync(ct) ? (true, "PONG") : (false, "no PONG");
        }
        catch (Exception ex)
        {
            return (false, ex.Message);
        }
    }

    private async Task<bool> PingAsync(CancellationToken ct)
    {
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", Port, ct);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"AUTH {Context.Secrets.RedisPassword}\r\nPING\r\n"), ct);
        var buffer = new byte[256];
        var answer = new StringBuilder();
        while (!answer.ToString().Contains("PONG") && !answer.ToString().Contains("-ERR"))
        {
            var read = await stream.ReadAsync(buffer, ct);
            if (read == 0) break;
            answer.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }
        return answer.ToString().Contains("+PONG");
    }
}
