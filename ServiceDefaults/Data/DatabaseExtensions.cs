using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Smarketing.ServiceDefaults.Data;

namespace Microsoft.Extensions.Hosting;

public static class DatabaseExtensions
{
    /// <summary>
    /// The service's own PostgreSQL database (Aspire-style connection string <paramref name="name"/>),
    /// its readiness check and, when the service publishes, the outbox relay and the outbox and inbox retention purge.
    /// </summary>
    public static IHostApplicationBuilder AddServiceDatabase<TContext>(this IHostApplicationBuilder builder, string name)
        where TContext : DbContext
    {
        var connectionString = Tuned(builder.Configuration.GetConnectionString(name)
            ?? throw new InvalidOperationException($"ConnectionStrings:{name} is not set."));
        builder.Services.AddSingleton<OutboxSignal>();
        builder.Services.AddSingleton<OutboxSignalInterceptor>();
        builder.Services.AddDbContext<TContext>((sp, options) => options
            .UseNpgsql(connectionString, npgsql => npgsql.MigrationsHistoryTable("__ef_migrations"))
            .AddInterceptors(sp.GetRequiredService<OutboxSignalInterceptor>()));
        if (typeof(ServiceDbContext).IsAssignableFrom(typeof(TContext)))
        {
            // A context with an outbox publishes: relay it (only services that also call AddMessaging have one).
            builder.Services.AddSingleton<OutboxMetrics>();
            builder.Services.AddSingleton(typeof(IHostedService), typeof(OutboxRelay<>).MakeGenericType(typeof(TContext)));
            // Sent outbox rows and inbox rows are deleted once past their retention, so neither table grows without bound.
            builder.Services.AddOptions<RetentionOptions>().BindConfiguration(RetentionOptions.Section)
                .Validate(o => o.IsValid, "Retention: Outbox, Inbox and Interval must be positive, BatchSize at least 1.").ValidateOnStart();
            builder.Services.TryAddSingleton(TimeProvider.System);
            builder.Services.AddSingleton(typeof(IHostedService), typeof(RetentionPurge<>).MakeGenericType(typeof(TContext)));
        }
        // Aspire's client integration on top of our registration (pooling, options and interceptors stay ours): the
        // health check, Npgsql's traces and metrics when there is a collector, and the connection's command timeout.
        // No retrying execution strategy: our writes run in transactions we open ourselves, which it cannot replay.
        var telemetry = ServiceDefaultsExtensions.HasCollector(builder.Configuration);
        builder.EnrichNpgsqlDbContext<TContext>(settings =>
        {
            settings.DisableRetry = true;
            settings.DisableTracing = !telemetry;
            settings.DisableMetrics = !telemetry;
        });
        return builder;
    }

    /// <summary>
    /// The pool settings every service runs with, unless its connection string sets them itself:
    /// <list type="bullet">
    /// <item>A service runs the same few statements for every message (inbox check, outbox insert, relay claim): Npgsql
    /// prepares each one on a connection after its second use, so PostgreSQL parses and plans it once per connection
    /// instead of every time.</item>
    /// <item>A connection back in the pool is not reset: the reset is a seven-command round of its own (RESET ALL, DISCARD…)
    /// on every open, and EF opens a connection for every query outside a transaction. Nothing here leaves session state
    /// behind: advisory locks are per transaction, and the two session locks (migration, score decay) are released in a finally.</item>
    /// </list>
    /// </summary>
    public static string Tuned(string connectionString)
    {
        var settings = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        if (settings.MaxAutoPrepare == 0)
        {
            settings.MaxAutoPrepare = 100;
            settings.AutoPrepareMinUsages = 2;
        }
        // Npgsql's builder knows every keyword (its ContainsKey is true for all): ask the plain parse what was given.
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        if (!given.ContainsKey("No Reset On Close") && !given.ContainsKey("NoResetOnClose")) settings.NoResetOnClose = true;
        return settings.ConnectionString;
    }

    /// <summary>
    /// Applies the committed migrations before the service takes traffic. Replicas start together, so the
    /// first one migrates under a session advisory lock while the others wait for it.
    /// </summary>
    public static async Task MigrateDatabaseAsync<TContext>(this WebApplication app) where TContext : DbContext
    {
        const long migrationLock = 0x536D61726B657469; // "Smarketi"
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        var logger = scope.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger("Migrations");
        await db.Database.RunAloneAsync(migrationLock, wait: true, async () =>
        {
            await db.Database.MigrateAsync();
            var applied = await db.Database.GetAppliedMigrationsAsync();
            logger.LogInformation("Database {Database} is at migration {Migration}", db.Database.GetDbConnection().Database, applied.LastOrDefault());
        }, CancellationToken.None);
    }
}
