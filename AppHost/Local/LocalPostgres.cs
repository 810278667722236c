using System.Diagnostics;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace Smarketing.AppHost.Local;

/// <summary>PostgreSQL 15 from Debian's package as a local process on a private data directory and port.</summary>
public sealed class PostgresServerResource(string name, string command, string workingDirectory, ParameterResource password)
    : ExecutableResource(name, command, workingDirectory), IResourceWithConnectionString
{
    public const string UserName = "smarketing";
    public EndpointReference PrimaryEndpoint => new(this, "tcp");
    public ParameterResource PasswordParameter => password;
    public List<string> Databases { get; } = [];

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"Host=127.0.0.1;Port={PrimaryEndpoint.Property(EndpointProperty.Port)};Username={UserName};Password={PasswordParameter}");
}

/// <summary>One service's database on the server, created once the server is ready and before anything that waits for it starts.</summary>
public sealed class PostgresDatabaseResource(string name, PostgresServerResource parent)
    : Resource(name), IResourceWithParent<PostgresServerResource>, IResourceWithConnectionString
{
    public PostgresServerResource Parent => parent;
    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create($"{parent};Database={Name}");
}

public static class LocalPostgresExtensions
{
    /// <summary>
    /// PostgreSQL refuses to run as root, so as root the cluster is initialised and run as the `postgres` system user (setpriv
    /// execs postgres itself: no wrapper process is left to outlive it). fsync stays on unless the run is a test's.
    /// </summary>
    public static IResourceBuilder<PostgresServerResource> AddPostgres(this IDistributedApplicationBuilder builder, string name)
    {
        var settings = LocalSettings.For(builder);
        var password = builder.AddParameter($"{name}-password", secret: true);
        var home = settings.PostgresDir();
        var data = Path.Combine(home, "data");
        var port = settings.FreePort();
        var postgres = Path.Combine(LocalSettings.PostgresBinDir, "postgres");
        var runAsPostgres = LocalSettings.IsRoot;

        List<string> args = runAsPostgres ? ["--reuid=postgres", "--regid=postgres", "--init-groups", "--", postgres] : [];
        args.AddRange([
            "-D", data, "-p", port.ToString(), "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=",
            "-c", "max_connections=400", "-c", "shared_buffers=128MB",
            // Fresh databases grow from nothing in minutes: analyze every 10 s instead of every minute, so plans follow.
            "-c", "autovacuum_naptime=10s",
        ]);
        // Without fsync a commit still reaches the kernel before it returns, so a crashed PostgreSQL process (the fault
        // tests kill one) loses nothing; synchronous_commit=off would lose the last commits with the shared WAL buffers.
        if (settings.RelaxedDurability) args.AddRange(["-c", "fsync=off", "-c", "full_page_writes=off"]);

        var server = new PostgresServerResource(name, runAsPostgres ? "setpriv" : postgres, home, password.Resource);
        string? connectionString = null;
        builder.Eventing.Subscribe<ConnectionStringAvailableEvent>(server, async (_, ct) =>
            connectionString = await server.ConnectionStringExpression.GetValueAsync(ct));
        builder.Eventing.Subscribe<BeforeResourceStartedEvent>(server, async (_, ct) =>
            await InitialiseClusterAsync(home, data, await password.Resource.GetValueAsync(ct) ?? "", runAsPostgres, ct));
        builder.Eventing.Subscribe<ResourceReadyEvent>(server, async (_, ct) =>
        {
            await using var connection = new NpgsqlConnection(connectionString + ";Database=postgres;Pooling=false");
            await connection.OpenAsync(ct);
            foreach (var database in server.Databases) await CreateDatabaseAsync(connection, database, ct);
        });

        var healthCheck = $"{name}_check";
        builder.Services.AddHealthChecks().AddNpgSql(
            _ => (connectionString ?? throw new InvalidOperationException("The connection string is not known yet.")) + ";Database=postgres;Pooling=false;Timeout=3",
            name: healthCheck);

        return builder.AddResource(server)
            .WithEndpoint(port: port, targetPort: port, name: "tcp", scheme: "tcp", isProxied: false)
            .WithArgs([.. args])
            .WithHealthCheck(healthCheck);
    }

    public static IResourceBuilder<PostgresDatabaseResource> AddDatabase(this IResourceBuilder<PostgresServerResource> server, string name)
    {
        var builder = server.ApplicationBuilder;
        var database = new PostgresDatabaseResource(name, server.Resource);
        server.Resource.Databases.Add(name);
        string? connectionString = null;
        builder.Eventing.Subscribe<ConnectionStringAvailableEvent>(database, async (_, ct) =>
            connectionString = await database.ConnectionStringExpression.GetValueAsync(ct));
        var healthCheck = $"{name}_check";
        builder.Services.AddHealthChecks().AddNpgSql(
            _ => (connectionString ?? throw new InvalidOperationException("The connection string is not known yet.")) + ";Pooling=false;Timeout=3",
            name: healthCheck);
        if (server.Resource.Databases.Count == 1)
        {
            // Started before the orchestrator (hosted services start one after another, and the orchestrator's start only
            // returns once the services that wait for these databases have started).
            builder.Eventing.Subscribe<BeforeStartEvent>((e, ct) =>
            {
                var lifetime = e.Services.GetRequiredService<IHostApplicationLifetime>();
                _ = DatabaseStates.MirrorAsync(server.Resource, e.Services.GetRequiredService<ResourceNotificationService>(), e.Model, lifetime.ApplicationStopping);
                return Task.CompletedTask;
            });
        }
        return builder.AddResource(database).WithHealthCheck(healthCheck);
    }

    private static async Task InitialiseClusterAsync(string home, string data, string password, bool runAsPostgres, CancellationToken ct)
    {
        Directory.CreateDirectory(home);
        if (runAsPostgres) await RunAsync("chown", ["postgres:postgres", home], ct);
        if (File.Exists(Path.Combine(data, "PG_VERSION"))) return;

        var passwordFile = Path.Combine(home, ".pwfile");
        await File.WriteAllTextAsync(passwordFile, password, ct);
        File.SetUnixFileMode(passwordFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        try
        {
            if (runAsPostgres) await RunAsync("chown", ["postgres:postgres", passwordFile], ct);
            List<string> initdb =
            [
                Path.Combine(LocalSettings.PostgresBinDir, "initdb"), "-D", data, "-U", PostgresServerResource.UserName,
                $"--pwfile={passwordFile}", "--auth-host=scram-sha-256", "--auth-local=scram-sha-256", "-E", "UTF8", "--no-locale", "--no-instructions",
            ];
            if (runAsPostgres) initdb.InsertRange(0, ["setpriv", "--reuid=postgres", "--regid=postgres", "--init-groups", "--"]);
            await RunAsync(initdb[0], initdb[1..], ct);
        }
        finally
        {
            File.Delete(passwordFile);
        }
    }

    private static async Task CreateDatabaseAsync(NpgsqlConnection connection, string name, CancellationToken ct)
    {
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", connection);
        exists.Parameters.AddWithValue("name", name);
        if (await exists.ExecuteScalarAsync(ct) is not null) return;
        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await create.ExecuteNonQueryAsync(ct);
    }

    internal static async Task RunAsync(string file, IReadOnlyList<string> args, CancellationToken ct)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(ct);
        var error = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited with {process.ExitCode}: {await error}{await output}");
    }
}

/// <summary>
/// A database has no process of its own: it shows its server's state (Aspire carries a parent's state to its children only
/// for containers), and its own health check says whether it exists and accepts connections.
/// </summary>
internal static class DatabaseStates
{
    public static async Task MirrorAsync(PostgresServerResource server, ResourceNotificationService notifications, DistributedApplicationModel model, CancellationToken stoppingToken)
    {
        var databases = model.Resources.OfType<PostgresDatabaseResource>().Where(d => d.Parent == server).ToList();
        try
        {
            await foreach (var update in notifications.WatchAsync(stoppingToken))
            {
                if (update.Resource != server) continue;
                foreach (var database in databases)
                {
                    await notifications.PublishUpdateAsync(database, s => s with
                    {
                        State = update.Snapshot.State,
                        StartTimeStamp = update.Snapshot.StartTimeStamp,
                        StopTimeStamp = update.Snapshot.StopTimeStamp,
                    });
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
