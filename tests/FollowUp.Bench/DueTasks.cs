using System.Diagnostics;
using Npgsql;
using NpgsqlTypes;
using Smarketing.Contracts;
using Smarketing.FollowUp.Data;

internal sealed record DueWindow(DateTime From, DateTime To);

internal sealed record DispatchResult(
    long Dispatched, double P50Ms, double P99Ms, double MaxMs, long Early, long Over100Ms, long Duplicates, long WithoutMessage,
    long DueMessages, long OverdueMessages, long FutureFired);

/// <summary>Pending first steps written straight into followup_tasks (binary COPY), and what the dispatchers made of them, read back in SQL.</summary>
internal sealed class DueTasks(string connectionString, Random random)
{
    private const int ProgressEvery = 10_000;
    private static readonly TimeSpan FutureFrom = TimeSpan.FromHours(1);
    private static readonly TimeSpan FutureTo = TimeSpan.FromDays(30);
    private static readonly string[] Instructions =
    [
        "First call: introduce yourself, confirm the location and size they asked about.",
        "Call back: send the availability of the sites near their location and the price list.",
        "Call: ask whether the quote fits their budget and when they want to go live.",
    ];
    private static readonly string DueType = typeof(FollowUpDue).FullName!;
    private static readonly string OverdueType = typeof(FollowUpOverdue).FullName!;
    private readonly Guid[] _reps = Enumerable.Range(0, 40).Select(_ => Guid.NewGuid()).ToArray();
    private DateTime _futureAfter;

    /// <summary>Steps due between one hour and thirty days from now: the dispatchers must leave every one alone.</summary>
    public async Task SeedFutureAsync(int count)
    {
        var now = DateTime.UtcNow;
        _futureAfter = now + FutureFrom;
        var span = (FutureTo - FutureFrom).Ticks;
        var due = Enumerable.Range(0, count).Select(_ => now + FutureFrom + TimeSpan.FromTicks((long)(random.NextDouble() * span))).ToList();
        await CopyAsync(due, "future");
    }

    /// <summary>Steps due evenly over <paramref name="window"/> from <paramref name="from"/>, written in random order.</summary>
    public async Task<DueWindow> SeedSoonAsync(int count, DateTime from, TimeSpan window)
    {
        var due = Enumerable.Range(0, count).Select(i => from + window * i / count).OrderBy(_ => random.Next()).ToList();
        await CopyAsync(due, "due soon");
        return new DueWindow(Microseconds(from), Microseconds(from + window * (count - 1) / count));
    }

    public async Task<(long Due, long Dispatched)> ProgressAsync(DueWindow window, DateTime now)
    {
        await using var connection = await OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT count(*) FILTER (WHERE "DueAt" <= @now), count(*) FILTER (WHERE "DueNotifiedAt" IS NOT NULL)
            FROM followup_tasks WHERE "DueAt" BETWEEN @from AND @to
            """, connection);
        command.Parameters.AddWithValue("now", now);
        command.Parameters.AddWithValue("from", window.From);
        command.Parameters.AddWithValue("to", window.To);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    public async Task<DispatchResult> MeasureAsync(DueWindow window)
    {
        await using var connection = await OpenAsync();
        await using var lateness = new NpgsqlCommand("""
            SELECT count(*),
                   coalesce(percentile_cont(0.5) WITHIN GROUP (ORDER BY ms), 0),
                   coalesce(percentile_cont(0.99) WITHIN GROUP (ORDER BY ms), 0),
                   coalesce(max(ms), 0),
                   count(*) FILTER (WHERE ms < 0),
                   count(*) FILTER (WHERE ms > 100)
            FROM (SELECT extract(epoch FROM "DueNotifiedAt" - "DueAt") * 1000 AS ms
                  FROM followup_tasks WHERE "DueAt" BETWEEN @from AND @to AND "DueNotifiedAt" IS NOT NULL) AS t
            """, connection);
        lateness.Parameters.AddWithValue("from", window.From);
        lateness.Parameters.AddWithValue("to", window.To);
        long dispatched, early, over100;
        double p50, p99, max;
        await using (var reader = await lateness.ExecuteReaderAsync())
        {
            await reader.ReadAsync();
            (dispatched, p50, p99, max, early, over100) =
                (reader.GetInt64(0), reader.GetDouble(1), reader.GetDouble(2), Convert.ToDouble(reader.GetValue(3)), reader.GetInt64(4), reader.GetInt64(5));
        }

        var duplicates = await ScalarAsync(connection, $"""
            SELECT count(*) FROM (SELECT 1 FROM outbox_messages WHERE "MessageType" = '{DueType}'
                                  GROUP BY "Body"->>'taskId' HAVING count(*) > 1) AS d
            """);
        var withoutMessage = await ScalarAsync(connection, $"""
            SELECT count(*) FROM followup_tasks t WHERE t."DueNotifiedAt" IS NOT NULL AND NOT EXISTS
                (SELECT 1 FROM outbox_messages m WHERE m."MessageType" = '{DueType}' AND m."Body"->>'taskId' = t."Id"::text)
            """);
        var dueMessages = await ScalarAsync(connection, $"""SELECT count(*) FROM outbox_messages WHERE "MessageType" = '{DueType}'""");
        var overdueMessages = await ScalarAsync(connection, $"""SELECT count(*) FROM outbox_messages WHERE "MessageType" = '{OverdueType}'""");
        await using var future = new NpgsqlCommand("""
            SELECT count(*) FROM followup_tasks WHERE "DueAt" >= @after AND ("DueNotifiedAt" IS NOT NULL OR "Status" <> 'pending')
            """, connection);
        future.Parameters.AddWithValue("after", _futureAfter);
        var futureFired = (long)(await future.ExecuteScalarAsync())!;
        return new DispatchResult(dispatched, p50, p99, max, early, over100, duplicates, withoutMessage, dueMessages, overdueMessages, futureFired);
    }

    private async Task CopyAsync(IReadOnlyList<DateTime> dueTimes, string what)
    {
        var wall = Stopwatch.StartNew();
        await using var connection = await OpenAsync();
        await using (var copy = await connection.BeginBinaryImportAsync("""
            COPY followup_tasks ("Id", "LeadId", "RepId", "Step", "Channel", "Instructions", "DueAt", "OverdueAt", "FirstTouch", "Status")
            FROM STDIN (FORMAT BINARY)
            """))
        {
            for (var i = 0; i < dueTimes.Count; i++)
            {
                var dueAt = Microseconds(dueTimes[i]);
                await copy.StartRowAsync();
                await copy.WriteAsync(Guid.CreateVersion7(), NpgsqlDbType.Uuid);
                await copy.WriteAsync(Guid.CreateVersion7(), NpgsqlDbType.Uuid);
                await copy.WriteAsync(_reps[random.Next(_reps.Length)], NpgsqlDbType.Uuid);
                await copy.WriteAsync(1, NpgsqlDbType.Integer);
                await copy.WriteAsync("call", NpgsqlDbType.Varchar);
                await copy.WriteAsync(Instructions[random.Next(Instructions.Length)], NpgsqlDbType.Text);
                await copy.WriteAsync(dueAt, NpgsqlDbType.TimestampTz);
                await copy.WriteAsync(dueAt.AddDays(1), NpgsqlDbType.TimestampTz);
                await copy.WriteAsync(false, NpgsqlDbType.Boolean);
                await copy.WriteAsync(TaskStatuses.Pending, NpgsqlDbType.Varchar);
                if ((i + 1) % ProgressEvery == 0 || i + 1 == dueTimes.Count)
                    Console.WriteLine($"  seeded {i + 1,6:N0}/{dueTimes.Count:N0} {what} steps (binary COPY)  {wall.Elapsed.TotalSeconds,5:0.0} s");
            }
            await copy.CompleteAsync();
        }
        // As a table that grew step by step would have: planner statistics.
        await using var analyze = new NpgsqlCommand("ANALYZE followup_tasks", connection);
        await analyze.ExecuteNonQueryAsync();
    }

    /// <summary>PostgreSQL keeps microseconds; rounding here keeps what was written and what is read back identical.</summary>
    private static DateTime Microseconds(DateTime at) => new(at.Ticks - at.Ticks % 10, DateTimeKind.Utc);

    private async Task<NpgsqlConnection> OpenAsync()
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        return connection;
    }

    private static async Task<long> ScalarAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }
}
