using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace Smarketing.AppHost.Hosting.Resources;

/// <summary>
/// PostgreSQL from Debian's package as a local process with a private data directory and port. PostgreSQL
/// refuses to run as root, so as root it runs as the `postgres` system user on a directory that user owns.
/// </summary>
public sealed class PostgresServerResource(string name) : ProcessResource(name)
{
    public const string BinDir = "/usr/lib/postgresql/15/bin";
    public const string UserName = "smarketing";
    private const string SystemUser = "postgres";

    public override string Kind => "PostgreSQL";
    public int Port { get; private set; }
    public string DataPath { get; private set; } = "";
    public override string? Endpoint => $"tcp://127.0.0.1:{Port}";
    public override IReadOnlyList<ResourceEndpoint> Endpoints => [new("tcp", Endpoint!)];

    public string ConnectionStringFor(string database) =>
        $"Host=127.0.0.1;Port={Port};Username={UserName};Password={Context.Secrets.PostgresPassword};Database={database}";

    internal override void Prepare()
    {
        Port = Context.FreePort();
        DataPath = Path.Combine(BaseDirectory(), "data");
    }

    internal override async Task StartAsync(CancellationToken ct)
    {
        var runAs = Posix.IsRoot ? SystemUser : null;
        var parent = Path.GetDirectoryName(DataPath)!;
        Directory.CreateDirectory(parent);
        if (runAs is not null) await RunToCompletionAsync("chown", [$"{SystemUser}:{SystemUser}", parent]);

        if (!File.Exists(Path.Combine(DataPath, "PG_VERSION")))
        {
            Log($"initialising a new cluster in {DataPath}");
            var passwordFile = Path.Combine(parent, ".pwfile");
            await File.WriteAllTextAsync(passwordFile, Context.Secrets.PostgresPassword, ct);
            File.SetUnixFileMode(passwordFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            if (runAs is not null) await RunToCompletionAsync("chown", [$"{SystemUser}:{SystemUser}", passwordFile]);
            try
            {
                await RunToCompletionAsync(Path.Combine(BinDir, "initdb"),
                    ["-D", DataPath, "-U", UserName, $"--pwfile={passwordFile}", "--auth-host=scram-sha-256", "--auth-local=scram-sha-256",
                     "-E", "UTF8", "--no-locale", "--no-instructions"], runAs);
            }
            finally
            {
                File.Delete(passwordFile);
            }
        }

        List<string> arguments =
        [
            "-D", DataPath, "-p", Port.ToString(), "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=",
            "-c", "max_connections=400", "-c", "shared_buffers=128MB",
            // Fresh databases grow from nothing in minutes: analyze every 10 s instead of every minute, so plans follow.
            "-c", "autovacuum_naptime=10s",
        ];
        if (Context.Options.Ephemeral) arguments.AddRange(["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"]);

        var process = Launch(Path.Combine(BinDir, "postgres"), arguments, new Dictionary<string, string>(), parent, runAs);
        await WaitUntilReadyAsync(process, SelectOneAsync, ct);
    }

    internal override Task StopAsync() => StopProcessesAsync(TimeSpan.FromSeconds(8), Posix.SIGINT, signalGroup: false);

    internal override async Task<(bool Healthy, string Report)> CheckHealthAsync(CancellationToken ct)
    {
        try
        {
            return await SelectOneAsync(ct) ? (true, "SELECT 1 ok") : (false, "SELECT 1 failed");
        }
        catch (Exception ex)
        {
            return (false, ex.Message);
        }
    }

    private async Task<bool> SelectOneAsync(CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(ConnectionStringFor("postgres") + ";Pooling=false;Timeout=3");
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand("SELECT 1", connection);
        return (int)(await command.ExecuteScalarAsync(ct))! == 1;
    }

    /// <summary>
    /// The data directory's home. As root the `postgres` user must be able to reach it; a checkout under a
    /// private home (/root) cannot be, so the cluster then lives under /var/lib/smarketing, keyed by the data dir.
    /// </summary>
    private string BaseDirectory()
    {
        var preferred = Context.PathFor("postgres");
        if (!Posix.IsRoot || TraversableByOthers(Context.DataDir)) return preferred;
        var key = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Context.DataDir)))[..12];
        return Path.Combine("/var/lib/smarketing", key, "postgres");
    }

    private static bool TraversableByOthers(string path)
    {
        for (var dir = new DirectoryInfo(path); dir is not null; dir = dir.Parent)
        {
            if (dir.Exists && !dir.UnixFileMode.HasFlag(UnixFileMode.OtherExecute)) return false;
        }
        return true;
    }
}

/// <summary>One service's database on the server, created on first start (Aspire's AddDatabase).</summary>
public sealed class PostgresDatabaseResource(string name, PostgresServerResource server) : Resource(name), IResourceWithConnectionString
{
    public override string Kind => "Database";
    public PostgresServerResource Server => server;
    public string ConnectionString => server.ConnectionStringFor(Name);
    public override string? Endpoint => $"{server.Endpoint}/{Name}";

    internal override async Task StartAsync(CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(server.ConnectionStringFor("postgres") + ";Pooling=false");
        await connection.OpenAsync(ct);
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", connection);
        exists.Parameters.AddWithValue("name", Name);
        if (await exists.ExecuteScalarAsync(ct) is null)
        {
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{Name}\"", connection);
            await create.ExecuteNonQueryAsync(ct);
            Log($"created database {Name}");
        }
    }

    internal override Task StopAsync() => Task.CompletedTask;

    internal override async Task<(bool Healthy, string Report)> CheckHealthAsync(CancellationToken ct)
    {
        try
        {
            await using var connection = new NpgsqlConnection(ConnectionString + ";Pooling=false;Timeout=3");
            await connection.OpenAsync(ct);
            return (true, "connect ok");
        }
        catch (Exception ex)
        {
            return (false, ex.Message);
        }
    }
}
