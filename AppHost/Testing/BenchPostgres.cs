using Smarketing.AppHost.Hosting;
using Smarketing.AppHost.Hosting.Resources;

namespace Smarketing.AppHost.Testing;

/// <summary>For benchmarks: a throw-away PostgreSQL with one database, started by the AppHost's app model; disposing it stops the server and deletes its data.</summary>
public sealed class BenchPostgres(DistributedApplication app, string connectionString) : IAsyncDisposable
{
    public string ConnectionString => connectionString;

    public static async Task<BenchPostgres> StartAsync(string database)
    {
        var options = new AppHostOptions
        {
            DataDir = Path.Combine(Path.GetTempPath(), "smarketing-bench-" + Guid.NewGuid().ToString("N")[..10]),
            RepositoryRoot = AppHostOptions.FindRepositoryRoot(),
            Configuration = AppHostOptions.BuildConfiguration(),
            GatewayPort = null,
            Ephemeral = true,
            EchoLogs = Environment.GetEnvironmentVariable("SMARKETING_BENCH_ECHO") == "1",
        };
        var builder = DistributedApplicationBuilder.CreateBuilder(options);
        builder.AddPostgres("postgres").AddDatabase(database);
        var app = builder.Build();
        try
        {
            await app.StartAsync();
            await app.WaitForHealthyAsync(TimeSpan.FromMinutes(2));
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
        return new BenchPostgres(app, ((IResourceWithConnectionString)app[database]).ConnectionString);
    }

    public ValueTask DisposeAsync() => app.DisposeAsync();
}
