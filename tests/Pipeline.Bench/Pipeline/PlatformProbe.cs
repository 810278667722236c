using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Npgsql;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;
using Smarketing.Pipeline.Bench.Reporting;

namespace Smarketing.Pipeline.Bench.Pipeline;

/// <summary>
/// Where work waits inside the platform: messages ready in each service's queue (counted over AMQP, which is exact at
/// once, unlike the management API's statistics that lag by seconds), messages in _error queues, and rows each
/// service's outbox has not relayed yet.
/// </summary>
internal sealed class PlatformProbe : IAsyncDisposable
{
    public static readonly string[] ServiceDatabases = ["ingestiondb", "scoringdb", "assignmentdb", "followupdb", "reportingdb"];
    private readonly HttpClient _management;
    private readonly IConnection _connection;
    private readonly Func<string, string> _connectionString;
    private readonly string _ownQueue;
    private IChannel? _channel;

    private PlatformProbe(HttpClient management, IConnection connection, Func<string, string> connectionString, string ownQueue) =>
        (_management, _connection, _connectionString, _ownQueue) = (management, connection, connectionString, ownQueue);

    public static async Task<PlatformProbe> StartAsync(string amqp, string managementUrl, string user, string password,
        Func<string, string> connectionString, string ownQueue, CancellationToken ct)
    {
        var management = new HttpClient { BaseAddress = new Uri(managementUrl), Timeout = TimeSpan.FromSeconds(10) };
        management.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
        var connection = await new ConnectionFactory { Uri = new Uri(amqp) }.CreateConnectionAsync("pipeline-bench-probe", ct);
        return new PlatformProbe(management, connection, connectionString, ownQueue);
    }

    /// <summary>Messages ready per queue (the bench's own listener queue left out), largest first; _error queues included.</summary>
    public async Task<IReadOnlyList<Backlog>> QueuesAsync(CancellationToken ct)
    {
        using var list = JsonDocument.Parse(await _management.GetStringAsync("/api/queues?columns=name", ct));
        var depths = new List<Backlog>();
        foreach (var queue in list.RootElement.EnumerateArray().Select(q => q.GetProperty("name").GetString()!))
        {
            if (queue == _ownQueue || queue.StartsWith("pipeline-bench-", StringComparison.Ordinal)) continue;
            try
            {
                _channel ??= await _connection.CreateChannelAsync(cancellationToken: ct);
                var ok = await _channel.QueueDeclarePassiveAsync(queue, ct);
                depths.Add(new Backlog(queue, ok.MessageCount, (int)ok.ConsumerCount));
            }
            catch (OperationInterruptedException)
            {
                // Gone since the listing (a gateway replica's temporary queue): the failed declare closed the channel.
                _channel = null;
            }
        }
        return depths.OrderByDescending(d => d.Messages).ThenBy(d => d.Name, StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// The broker's running totals from its management statistics (which lag by up to their 5 s interval): messages
    /// published to the Contracts exchanges, and messages delivered from every queue but the bench's own.
    /// </summary>
    public async Task<BrokerTotals> BrokerTotalsAsync(CancellationToken ct)
    {
        static long Stat(JsonElement item, string name) =>
            item.TryGetProperty("message_stats", out var stats) && stats.TryGetProperty(name, out var value) ? value.GetInt64() : 0;

        using var exchanges = JsonDocument.Parse(await _management.GetStringAsync("/api/exchanges?columns=name,message_stats", ct));
        var published = exchanges.RootElement.EnumerateArray()
            .Where(e => e.GetProperty("name").GetString()!.StartsWith("Smarketing.Contracts:", StringComparison.Ordinal))
            .Sum(e => Stat(e, "publish_in"));
        using var queues = JsonDocument.Parse(await _management.GetStringAsync("/api/queues?columns=name,message_stats", ct));
        var delivered = queues.RootElement.EnumerateArray()
            .Where(q => q.GetProperty("name").GetString() is { } name && name != _ownQueue && !name.StartsWith("pipeline-bench-", StringComparison.Ordinal))
            .Sum(q => Stat(q, "deliver_get"));
        return new BrokerTotals(published, delivered);
    }

    /// <summary>Outbox rows not yet published, per service database.</summary>
    public async Task<IReadOnlyList<Backlog>> OutboxesAsync(CancellationToken ct)
    {
        var backlog = new List<Backlog>();
        foreach (var database in ServiceDatabases)
        {
            await using var connection = new NpgsqlConnection(_connectionString(database));
            await connection.OpenAsync(ct);
            await using var count = new NpgsqlCommand("""SELECT count(*) FROM outbox_messages WHERE "SentAt" IS NULL""", connection);
            backlog.Add(new Backlog(database, (long)(await count.ExecuteScalarAsync(ct))!));
        }
        return backlog;
    }

    /// <summary>
    /// PostgreSQL's own counters per service database (transactions, rows read and written) since the cluster started:
    /// two readings around a steady load say how much database work one lead costs, and in which service.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, DatabaseActivity>> DatabaseActivityAsync(CancellationToken ct)
    {
        // Any database's connection sees the whole cluster's statistics; this reading adds one transaction to ingestiondb.
        await using var connection = new NpgsqlConnection(_connectionString(ServiceDatabases[0]));
        await connection.OpenAsync(ct);
        await using var read = new NpgsqlCommand("""
            SELECT datname, xact_commit + xact_rollback, tup_returned + tup_fetched, tup_inserted + tup_updated + tup_deleted
            FROM pg_stat_database WHERE datname = ANY(@databases)
            """, connection);
        read.Parameters.AddWithValue("databases", ServiceDatabases);
        await using var rows = await read.ExecuteReaderAsync(ct);
        var activity = new Dictionary<string, DatabaseActivity>();
        while (await rows.ReadAsync(ct)) activity[rows.GetString(0)] = new DatabaseActivity(rows.GetInt64(1), rows.GetInt64(2), rows.GetInt64(3));
        return activity;
    }

    /// <summary>
    /// Rows read so far per "database.table": by sequential scans (a growing table read whole) and through indexes
    /// (rows fetched), for a profiler to see which table a lead's reads go to.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, (long Sequential, long Indexed)>> TableReadsAsync(CancellationToken ct)
    {
        var reads = new Dictionary<string, (long, long)>();
        foreach (var database in ServiceDatabases)
        {
            await using var connection = new NpgsqlConnection(_connectionString(database));
            await connection.OpenAsync(ct);
            await using var read = new NpgsqlCommand(
                "SELECT relname, coalesce(seq_tup_read, 0), coalesce(idx_tup_fetch, 0) FROM pg_stat_user_tables", connection);
            await using var rows = await read.ExecuteReaderAsync(ct);
            while (await rows.ReadAsync(ct)) reads[$"{database}.{rows.GetString(0)}"] = (rows.GetInt64(1), rows.GetInt64(2));
        }
        return reads;
    }

    /// <summary>Each service database's outbox (all rows, and those not sent yet) and inbox rows: what the retention purge keeps bounded.</summary>
    public async Task<IReadOnlyList<StoredMessages>> StoredMessagesAsync(CancellationToken ct)
    {
        var counts = new List<StoredMessages>();
        foreach (var database in ServiceDatabases)
        {
            await using var connection = new NpgsqlConnection(_connectionString(database));
            await connection.OpenAsync(ct);
            await using var count = new NpgsqlCommand("""
                SELECT (SELECT count(*) FROM outbox_messages), (SELECT count(*) FROM outbox_messages WHERE "SentAt" IS NULL),
                       (SELECT count(*) FROM processed_messages)
                """, connection);
            await using var row = await count.ExecuteReaderAsync(ct);
            await row.ReadAsync(ct);
            counts.Add(new StoredMessages(database, row.GetInt64(0), row.GetInt64(1), row.GetInt64(2)));
        }
        return counts;
    }

    /// <summary>Messages some service will still process: error queues and queues nobody consumes are not waited for.</summary>
    public static long Waiting(IEnumerable<Backlog> queues) => queues.Where(q => !IsError(q.Name) && q.Consumers is not 0).Sum(q => q.Messages);

    public static bool IsError(string queue) => queue.EndsWith("_error", StringComparison.Ordinal) || queue.EndsWith("_skipped", StringComparison.Ordinal);

    public async ValueTask DisposeAsync()
    {
        _management.Dispose();
        try
        {
            if (_channel is not null) await _channel.CloseAsync();
            await _connection.CloseAsync();
        }
        catch (Exception)
        {
            // The broker may already be gone when the bench is interrupted.
        }
        _connection.Dispose();
    }
}

/// <summary>Counters of one database from pg_stat_database.</summary>
internal sealed record DatabaseActivity(long Transactions, long RowsRead, long RowsWritten)
{
    public DatabaseActivity Minus(DatabaseActivity earlier) =>
        new(Transactions - earlier.Transactions, RowsRead - earlier.RowsRead, RowsWritten - earlier.RowsWritten);
}

internal sealed record StoredMessages(string Database, long Outbox, long Unsent, long Inbox);
