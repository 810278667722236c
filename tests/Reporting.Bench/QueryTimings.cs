using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Smarketing.Reporting.Data;
using Smarketing.Reporting.Reports;

/// <summary>One report as the API asks for it: the real ReportQueries method, and what it should count.</summary>
internal sealed record BenchQuery(string Name, Func<ReportQueries, CancellationToken, Task<BenchResult>> RunAsync, (long A, long B) Expected);

/// <summary>What one call returned: a line to print, and the two counts to set beside what was seeded.</summary>
internal sealed record BenchResult(string Summary, (long A, long B) Counts);

internal sealed record Timing(BenchQuery Query, double P50Ms, double P95Ms, double MaxMs, BenchResult Result, IReadOnlyList<CapturedCommand> Commands);

internal sealed record CapturedCommand(string Sql, NpgsqlParameter[] Parameters);

/// <summary>
/// The uncached path: every call gets a fresh ReportingDbContext (as a request scope would) and goes to PostgreSQL;
/// no Redis in front. Warm-up calls first, then the measured calls, each timed from the context's creation to the result.
/// </summary>
internal sealed class QueryTimings : IAsyncDisposable
{
    private readonly string _connectionString;
    private readonly int _warmups;
    private readonly int _runs;
    private readonly CommandCapture _capture = new();
    private readonly NpgsqlDataSource _dataSource;
    private readonly DbContextOptions<ReportingDbContext> _options;

    public QueryTimings(string connectionString, int warmups, int runs)
    {
        (_connectionString, _warmups, _runs) = (connectionString, warmups, runs);
        // ReportQueries runs its own NpgsqlCommands on the context's connection, past EF's interceptors; Npgsql's tracing
        // hook sees every command, so the statements of a slow report can be shown and explained. It costs nothing
        // unless an ActivityListener is attached, which happens only for the one captured call after the measured ones.
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        builder.ConfigureTracing(t => t.ConfigureCommandEnrichmentCallback((_, command) => _capture.Record(command)));
        _dataSource = builder.Build();
        _options = new DbContextOptionsBuilder<ReportingDbContext>()
            .UseNpgsql(_dataSource, n => n.MigrationsHistoryTable("__ef_migrations"))
            .Options;
    }

    public async Task<Timing> MeasureAsync(BenchQuery query)
    {
        var wall = Stopwatch.StartNew();
        for (var i = 0; i < _warmups; i++) await RunOnceAsync(query);

        var samples = new double[_runs];
        BenchResult? result = null;
        for (var i = 0; i < _runs; i++)
        {
            var started = Stopwatch.GetTimestamp();
            result = await RunOnceAsync(query);
            samples[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            if ((i + 1) % 25 == 0)
                Console.WriteLine($"    {i + 1,3}/{_runs} measured calls  {wall.Elapsed.TotalSeconds,5:0.0} s");
        }

        // One more call with its statements captured, so a miss can be explained with the SQL it really ran.
        IReadOnlyList<CapturedCommand> commands;
        using (_capture.Start()) await RunOnceAsync(query);
        commands = _capture.Stop();

        Array.Sort(samples);
        return new Timing(query, Percentile(samples, 0.50), Percentile(samples, 0.95), samples[^1], result!, commands);
    }

    /// <summary>EXPLAIN (ANALYZE, BUFFERS) of each statement the report ran, with the parameters it ran them with.</summary>
    public async Task PrintExplainAsync(Timing timing, TextWriter output)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        for (var i = 0; i < timing.Commands.Count; i++)
        {
            var command = timing.Commands[i];
            output.WriteLine($"---- {timing.Query.Name}: statement {i + 1} of {timing.Commands.Count}");
            output.WriteLine(command.Sql.Trim());
            foreach (var p in command.Parameters) output.WriteLine($"  {(p.ParameterName.Length > 0 ? "@" + p.ParameterName : "$?")} = {Format(p.Value)}");
            if (!IsQuery(command.Sql))
            {
                // A session setting the report makes (SET ...): the statements after it run under it here too.
                await using var setting = new NpgsqlCommand(command.Sql, connection);
                foreach (var p in command.Parameters) setting.Parameters.Add(p.Clone());
                await setting.ExecuteNonQueryAsync();
                output.WriteLine("---- (not a query: applied to this session, not explained)");
                continue;
            }
            output.WriteLine("---- EXPLAIN (ANALYZE, BUFFERS)");
            await using var explain = new NpgsqlCommand("EXPLAIN (ANALYZE, BUFFERS) " + command.Sql, connection);
            foreach (var p in command.Parameters) explain.Parameters.Add(p.Clone());
            await using var reader = await explain.ExecuteReaderAsync();
            while (await reader.ReadAsync()) output.WriteLine(reader.GetString(0));
        }
    }

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    private static bool IsQuery(string sql) =>
        sql.TrimStart().StartsWith("SELECT", StringComparison.OrdinalIgnoreCase) || sql.TrimStart().StartsWith("WITH", StringComparison.OrdinalIgnoreCase);

    private async Task<BenchResult> RunOnceAsync(BenchQuery query)
    {
        await using var db = new ReportingDbContext(_options);
        return await query.RunAsync(new ReportQueries(db), CancellationToken.None);
    }

    /// <summary>Nearest rank: the smallest sample with at least that share of the samples at or below it.</summary>
    private static double Percentile(double[] sorted, double share) =>
        sorted[Math.Clamp((int)Math.Ceiling(share * sorted.Length) - 1, 0, sorted.Length - 1)];

    private static string Format(object? value) => value switch
    {
        null or DBNull => "NULL",
        DateTime at => at.ToString("O"),
        DateOnly day => day.ToString("yyyy-MM-dd"),
        string s => $"'{s}'",
        System.Collections.IEnumerable list => "{" + string.Join(", ", list.Cast<object?>().Select(Format)) + "}",
        _ => value.ToString() ?? "",
    };

    /// <summary>Records the commands Npgsql starts while an ActivityListener for its source is attached.</summary>
    private sealed class CommandCapture
    {
        private List<CapturedCommand>? _commands;

        public IDisposable Start()
        {
            _commands = [];
            var listener = new ActivityListener
            {
                ShouldListenTo = source => source.Name == "Npgsql",
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            };
            ActivitySource.AddActivityListener(listener);
            return listener;
        }

        public IReadOnlyList<CapturedCommand> Stop()
        {
            var commands = _commands ?? [];
            _commands = null;
            return commands;
        }

        public void Record(NpgsqlCommand command)
        {
            var commands = _commands;
            if (commands is null) return;
            lock (commands)
                commands.Add(new CapturedCommand(command.CommandText, command.Parameters.Select(p => p.Clone()).ToArray()));
        }
    }
}
