using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Smarketing.Contracts;
using Smarketing.Ingestion.Data;
using Smarketing.Ingestion.Domain;
using Smarketing.ServiceDefaults.Data;

namespace Smarketing.Ingestion;

/// <summary>A batch item as read from the request: the lead, or why it could not be read as one.</summary>
public sealed record BatchItem(CaptureLead? Lead, Dictionary<string, string[]>? Unreadable = null);

/// <summary>A batch item's answer, as an HTTP status: 202 stored, 200 duplicate, 400 invalid, 500 refused by the database.</summary>
public sealed record BatchOutcome(int Status, CaptureResult? Result, IDictionary<string, string[]>? Errors)
{
    /// <summary>For a 500: what PostgreSQL said, for the log or for a single capture's caller (never in a response body).</summary>
    public Exception? Failure { get; init; }
}

public sealed partial class LeadCapture
{
    /// <summary>Valid items stored per transaction: few commits for a big batch, short enough lock holds for everyone else.</summary>
    public const int ChunkSize = 100;

    /// <summary>
    /// Validates every item, then stores the valid ones in chunks of <see cref="ChunkSize"/>, each in one transaction.
    /// Items are flushed one by one inside it, so a later item sees an earlier one (same event twice: a duplicate; same
    /// contact twice: a merge). Answers stay per item, in input order.
    /// </summary>
    public async Task<IReadOnlyList<BatchOutcome>> CaptureBatchAsync(IReadOnlyList<BatchItem> inputs, CancellationToken ct)
    {
        var outcomes = new BatchOutcome[inputs.Count];
        var valid = new List<(int Index, ValidatedLead Lead)>();
        var now = clock.GetUtcNow().UtcDateTime;
        for (var i = 0; i < inputs.Count; i++)
        {
            var (lead, errors) = inputs[i].Lead is { } input
                ? LeadValidator.Validate(input, now)
                : (null, inputs[i].Unreadable ?? new Dictionary<string, string[]> { ["lead"] = ["The item is null."] });
            if (lead is null) outcomes[i] = new BatchOutcome(400, null, errors);
            else valid.Add((i, lead));
        }
        metrics.Rejected(CaptureChannel.Batch, inputs.Count - valid.Count);

        foreach (var chunk in valid.Chunk(ChunkSize))
        {
            var stored = await StoreTogetherAsync(chunk.Select(c => c.Lead).ToList(), traces: null, ct);
            for (var j = 0; j < chunk.Length; j++) outcomes[chunk[j].Index] = stored[j];
            metrics.Captured(CaptureChannel.Batch, stored.Count(o => o.Status == 202));
        }
        LogBatch(inputs.Count, outcomes.Count(o => o.Status == 202), outcomes.Count(o => o.Status == 200), inputs.Count - valid.Count);
        return outcomes;
    }

    /// <summary>
    /// Stores valid leads in one transaction (a batch's chunk, or a group of single captures, see <see cref="CaptureGroups"/>):
    /// per lead 202 or 200 with its result, or 500 with PostgreSQL's error when it refused that lead alone. With
    /// <paramref name="traces"/> each lead is stored within its own request's trace, so its LeadReceived continues that
    /// trace although another request's commit carried it.
    /// </summary>
    internal async Task<IReadOnlyList<BatchOutcome>> StoreTogetherAsync(IReadOnlyList<ValidatedLead> leads, IReadOnlyList<Activity?>? traces, CancellationToken ct)
    {
        // No savepoint per flush (ServiceDbContext saves without them): a failure rolls the whole chunk back.
        try
        {
            var results = new List<BatchOutcome>(leads.Count);
            await using (var tx = await db.Database.BeginTransactionAsync(ct))
            {
                await db.Database.LockAllAsync(leads.SelectMany(LockKeys), ct);
                for (var i = 0; i < leads.Count; i++)
                {
                    using (TraceScope.Enter(traces?[i])) results.Add(Outcome(await StoreAsync(leads[i], ct)));
                }
                await tx.CommitAsync(ct);
            }
            return results;
        }
        catch (Exception ex) when (ex is DbUpdateException or NpgsqlException && !ct.IsCancellationRequested)
        {
            LogChunkFailed(ex, leads.Count);
            db.ChangeTracker.Clear();
            return await StoreOneByOneAsync(leads, traces, ct);
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    /// <summary>The fallback for a chunk that hit a database error: one transaction per item, so one bad item sinks only itself.</summary>
    private async Task<IReadOnlyList<BatchOutcome>> StoreOneByOneAsync(IReadOnlyList<ValidatedLead> leads, IReadOnlyList<Activity?>? traces, CancellationToken ct)
    {
        var results = new List<BatchOutcome>(leads.Count);
        for (var i = 0; i < leads.Count; i++)
        {
            var lead = leads[i];
            using var trace = TraceScope.Enter(traces?[i]);
            try
            {
                results.Add(Outcome(await CaptureOneAsync(lead, ct)));
            }
            catch (Exception ex) when (ex is PostgresException || ex.InnerException is PostgresException)
            {
                // PostgreSQL refused this item's data; anything else (a lost connection) fails the whole request.
                LogItemFailed(ex, lead.Source, lead.EventId);
                db.ChangeTracker.Clear();
                results.Add(new BatchOutcome(500, null,
                    new Dictionary<string, string[]> { ["lead"] = ["The item could not be stored; the other items were not affected."] }) { Failure = ex });
            }
        }
        return results;
    }

    private static BatchOutcome Outcome(CaptureResult result) => new(result.Duplicate ? 200 : 202, result, null);

    [LoggerMessage(LogLevel.Information, "Captured a batch of {Count}: {Stored} stored, {Duplicates} duplicate(s), {Invalid} invalid")]
    private partial void LogBatch(int count, int stored, int duplicates, int invalid);

    [LoggerMessage(LogLevel.Warning, "A chunk of {Count} batch item(s) hit a database error; storing them one by one")]
    private partial void LogChunkFailed(Exception ex, int count);

    [LoggerMessage(LogLevel.Error, "The database refused batch item {Source}/{EventId}")]
    private partial void LogItemFailed(Exception ex, string source, string eventId);
}

/// <summary>Makes a captured activity current for a block (a lead stored on another request's commit), then restores the one before.</summary>
internal readonly struct TraceScope : IDisposable
{
    private readonly Activity? _previous;
    private readonly bool _entered;

    private TraceScope(Activity? previous, bool entered) => (_previous, _entered) = (previous, entered);

    public static TraceScope Enter(Activity? trace)
    {
        if (trace is null) return default;
        var previous = Activity.Current;
        Activity.Current = trace;
        return new TraceScope(previous, entered: true);
    }

    public void Dispose()
    {
        if (_entered) Activity.Current = _previous;
    }
}
