using System.Diagnostics;
using System.Threading.Channels;
using Smarketing.Ingestion.Domain;

namespace Smarketing.Ingestion;

/// <summary>
/// Group commit for single captures (HTTP and broker): leads that arrive while a commit is in flight share the next
/// one, up to <see cref="MaxGroup"/> per transaction, and each caller still gets its own answer only after its lead is
/// committed. A lone capture is committed at once as a group of one, so nothing waits for company; under load one
/// transaction, one lock round trip and one WAL flush serve many requests. A group that hits a database error is
/// stored one lead at a time (see <see cref="LeadCapture.StoreTogetherAsync"/>), so a lead PostgreSQL refuses fails only
/// its own request. On shutdown the queue is closed and what is in it is still committed.
/// </summary>
public sealed partial class CaptureGroups(IServiceScopeFactory scopes, CaptureMetrics metrics, ILogger<CaptureGroups> logger) : BackgroundService
{
    public const int MaxGroup = 64;

    /// <summary>Groups committed at the same time: one fills while the other commits.</summary>
    private const int Committers = 2;

    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleWriter = false });

    /// <summary>A lead waiting for its group, with the trace of the request or message that brought it.</summary>
    private sealed record Pending(ValidatedLead Lead, Activity? Trace, TaskCompletionSource<CaptureResult> Done);

    /// <summary>The lead's place in the next group, or null once the service is stopping (the caller stores it alone).</summary>
    public Task<CaptureResult>? TryJoin(ValidatedLead lead)
    {
        var pending = new Pending(lead, Activity.Current, new TaskCompletionSource<CaptureResult>(TaskCreationOptions.RunContinuationsAsynchronously));
        return _queue.Writer.TryWrite(pending) ? pending.Done.Task : null;
    }

    // Stopping does not cancel a commit: the queue is closed, and the committers finish what it holds.
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, Committers).Select(_ => Task.Run(CommitGroupsAsync, CancellationToken.None)));

    public override Task StopAsync(CancellationToken cancellationToken)
    {
        _queue.Writer.TryComplete();
        return base.StopAsync(cancellationToken);
    }

    private async Task CommitGroupsAsync()
    {
        var group = new List<Pending>(MaxGroup);
        while (await _queue.Reader.WaitToReadAsync())
        {
            group.Clear();
            while (group.Count < MaxGroup && _queue.Reader.TryRead(out var pending)) group.Add(pending);
            if (group.Count > 0) await CommitAsync(group);
        }
    }

    private async Task CommitAsync(IReadOnlyList<Pending> group)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var capture = scope.ServiceProvider.GetRequiredService<LeadCapture>();
            var outcomes = await capture.StoreTogetherAsync(group.Select(p => p.Lead).ToList(), group.Select(p => p.Trace).ToList(), CancellationToken.None);
            for (var i = 0; i < group.Count; i++)
            {
                // Stored (or a duplicate), or refused: then its caller fails with PostgreSQL's own error, as it would have alone.
                if (outcomes[i].Result is { } result) group[i].Done.TrySetResult(result);
                else group[i].Done.TrySetException(outcomes[i].Failure!);
            }
            metrics.GroupCommitted(group.Count);
            if (group.Count > 1) LogGroup(group.Count);
        }
        catch (Exception ex)
        {
            // The database went away: every caller still waiting gets the failure. The group's transaction stored none of
            // them; a lead the one-by-one fallback stored before that is answered as a duplicate when its tool retries.
            foreach (var pending in group) pending.Done.TrySetException(ex);
        }
    }

    [LoggerMessage(LogLevel.Debug, "Committed {Count} single captures together")]
    private partial void LogGroup(int count);
}
