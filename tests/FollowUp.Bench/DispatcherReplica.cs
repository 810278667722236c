using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Smarketing.FollowUp;
using Smarketing.FollowUp.Data;

/// <summary>One follow-up replica reduced to its dispatcher (registered as the service registers it): its own host, services and connection pool.</summary>
internal sealed class DispatcherReplica : IDisposable
{
    private readonly IHost _host;
    private readonly DispatchCounter _counter = new();

    public DispatcherReplica(string connectionString, string name)
    {
        Name = name;
        // A distinct application name gives each replica its own pool, as separate processes would have.
        var own = new NpgsqlConnectionStringBuilder(connectionString) { ApplicationName = name }.ConnectionString;
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { ApplicationName = name });
        // Each replica logs every round it dispatches: counted here, and only warnings (failed rounds) printed.
        builder.Logging.AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss "; });
        builder.Logging.AddFilter<Microsoft.Extensions.Logging.Console.ConsoleLoggerProvider>(null, LogLevel.Warning);
        builder.Logging.AddProvider(_counter);
        builder.Services.AddDbContext<FollowUpDbContext>(o => o.UseNpgsql(own, n => n.MigrationsHistoryTable("__ef_migrations")));
        builder.Services.AddDueTaskDispatcher();
        _host = builder.Build();
    }

    public string Name { get; }
    public long Dispatched => _counter.Due;
    public long Rounds => _counter.Rounds;

    public Task StartAsync() => _host.StartAsync();

    public Task StopAsync() => _host.StopAsync();

    public void Dispose() => _host.Dispose();

    /// <summary>Adds up the Due count of the dispatcher's "Dispatched …" log entries: which replica did how much.</summary>
    private sealed class DispatchCounter : ILoggerProvider, ILogger
    {
        private long _due;
        private long _rounds;

        public long Due => Interlocked.Read(ref _due);
        public long Rounds => Interlocked.Read(ref _rounds);

        public ILogger CreateLogger(string categoryName) => categoryName == typeof(DueTaskDispatcher).FullName ? this : NullLogger;

        public bool IsEnabled(LogLevel logLevel) => logLevel == LogLevel.Information;

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (state is not IReadOnlyList<KeyValuePair<string, object?>> values) return;
            foreach (var (key, value) in values)
            {
                if (key != "Due" || value is not int due) continue;
                if (due == 0) return;
                Interlocked.Add(ref _due, due);
                Interlocked.Increment(ref _rounds);
            }
        }

        public void Dispose() { }

        private static readonly ILogger NullLogger = Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;
    }
}
