using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Smarketing.Benchmarks;
using Smarketing.Ingestion.Data;
using Smarketing.ServiceDefaults.Data;

namespace Smarketing.ServiceDefaults.Tests;

/// <summary>
/// A throw-away PostgreSQL from the AppHost's app model with ingestion's committed migrations applied, for the retention
/// purge: its outbox and inbox tables and indexes come from the model every service shares.
/// </summary>
public sealed class RetentionDatabase : IAsyncLifetime
{
    private BenchPostgres? _postgres;

    public ServiceProvider Services { get; private set; } = null!;

    public string ConnectionString => _postgres!.ConnectionString;

    public async Task InitializeAsync()
    {
        _postgres = await BenchPostgres.StartAsync("ingestiondb");
        Services = new ServiceCollection()
            .AddLogging()
            .AddMetrics()
            .AddSingleton<OutboxMetrics>()
            .AddDbContext<IngestionDbContext>(options => options.UseNpgsql(
                DatabaseExtensions.Tuned(ConnectionString), npgsql => npgsql.MigrationsHistoryTable("__ef_migrations")))
            .BuildServiceProvider();
        await using var scope = Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<IngestionDbContext>().Database.MigrateAsync();
    }

    public async Task DisposeAsync()
    {
        if (Services is not null) await Services.DisposeAsync();
        if (_postgres is not null) await _postgres.DisposeAsync();
    }
}
