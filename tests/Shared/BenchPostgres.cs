using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Smarketing.AppHost.Local;

namespace Smarketing.Benchmarks;

/// <summary>
/// For the component benchmarks: a throw-away PostgreSQL with one database, from the AppHost's own app model (the same
/// server, settings and health checks as `make run`) with every other resource taken out. Durability is relaxed (fsync
/// off), as the data is never kept; disposing it stops the server and deletes its data directory.
/// </summary>
public sealed class BenchPostgres : IAsyncDisposable
{
    private const string Server = "postgres";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(2);
    private readonly DistributedApplication _app;
    private readonly string _dataDir;

    private BenchPostgres(DistributedApplication app, string dataDir, string connectionString)
    {
        _app = app;
        _dataDir = dataDir;
        ConnectionString = connectionString;
    }

    public string ConnectionString { get; }

    /// <summary>The connection string of one of the other resources asked for at the start (e.g. "cache").</summary>
    public async Task<string> ConnectionStringOf(string resource) =>
        await _app.GetConnectionStringAsync(resource) ?? throw new InvalidOperationException($"{resource} has no connection string.");

    /// <summary>
    /// The server with <paramref name="database"/>, and the resources named in <paramref name="alongside"/> (e.g. "cache"
    /// for Redis) from the same model; every other resource is taken out.
    /// </summary>
    public static async Task<BenchPostgres> StartAsync(string database, params string[] alongside)
    {
        var dataDir = Path.Combine(Path.GetTempPath(), "smarketing-bench-" + Guid.NewGuid().ToString("N")[..10]);
        string[] args =
        [
            $"SMARKETING_DATA_DIR={dataDir}",
            "SMARKETING_RELAXED_DURABILITY=true",
            "ASPIRE_VERSION_CHECK_DISABLED=true",
            "ASPIRE_ALLOW_UNSECURED_TRANSPORT=true",
        ];
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Smarketing_AppHost>(args, (options, _) => options.DisableDashboard = true);
        foreach (var resource in builder.Resources.Where(r => r is not ParameterResource && r.Name != Server && r.Name != database && !alongside.Contains(r.Name)).ToList())
            builder.Resources.Remove(resource);
        if (!builder.Resources.Any(r => r.Name == database))
            throw new ArgumentException($"The app model has no database named {database}.", nameof(database));
        // The AppHost's own background services (the start-up summary, the broker's error-queue monitor) wait for resources
        // taken out above, and a wait for a resource that is not in the model fails and stops the host.
        foreach (var service in builder.Services.Where(IsAppHostBackgroundService).ToList()) builder.Services.Remove(service);
        // The server's console output only with SMARKETING_BENCH_ECHO=1; the AppHost's own warnings always, except the health
        // checks', which fail by design until the server is up.
        if (Environment.GetEnvironmentVariable("SMARKETING_BENCH_ECHO") != "1")
        {
            builder.Services.AddLogging(logging => logging
                .AddFilter<ConsoleLoggerProvider>(null, LogLevel.Warning)
                .AddFilter<ConsoleLoggerProvider>("Microsoft.Extensions.Diagnostics.HealthChecks", LogLevel.None)
                .AddFilter<ConsoleLoggerProvider>($"{builder.Environment.ApplicationName}.Resources", LogLevel.None));
        }
        var app = await builder.BuildAsync();
        try
        {
            using var timeout = new CancellationTokenSource(StartTimeout);
            await app.StartAsync(timeout.Token);
            await app.ResourceNotifications.WaitForResourceHealthyAsync(database, timeout.Token);
            foreach (var resource in alongside) await app.ResourceNotifications.WaitForResourceHealthyAsync(resource, timeout.Token);
            var connectionString = await app.GetConnectionStringAsync(database, timeout.Token)
                ?? throw new InvalidOperationException($"{database} has no connection string.");
            return new BenchPostgres(app, dataDir, connectionString);
        }
        catch
        {
            await StopAsync(app, dataDir);
            throw;
        }
    }

    public ValueTask DisposeAsync() => new(StopAsync(_app, _dataDir));

    private static bool IsAppHostBackgroundService(ServiceDescriptor service) =>
        !service.IsKeyedService && service.ServiceType == typeof(IHostedService) &&
        (service.ImplementationType ?? service.ImplementationFactory?.Method.DeclaringType)?.Assembly == typeof(LocalSettings).Assembly;

    private static async Task StopAsync(DistributedApplication app, string dataDir)
    {
        await app.StopAsync();
        await app.DisposeAsync();
        try
        {
            if (Directory.Exists(dataDir)) Directory.Delete(dataDir, recursive: true);
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
