namespace Smarketing.AppHost.Hosting;

/// <summary>A console line; <see cref="Seq"/> grows by one per line of the resource, so a reader can resume after the last it saw.</summary>
public sealed record LogLine(long Seq, DateTime At, string Text);

/// <summary>The last lines of a resource's console output (10,000, like Aspire's dashboard keeps), with a signal for live readers.</summary>
public sealed class LogBuffer(int capacity = 10_000)
{
    private readonly Queue<LogLine> _lines = new();
    private long _seq;
    private TaskCompletionSource _added = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Add(string text)
    {
        TaskCompletionSource added;
        lock (_lines)
        {
            _lines.Enqueue(new LogLine(++_seq, DateTime.UtcNow, text));
            while (_lines.Count > capacity) _lines.Dequeue();
            added = _added;
            _added = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        added.TrySetResult();
    }

    public IReadOnlyList<LogLine> Tail(int count)
    {
        lock (_lines) return _lines.Skip(Math.Max(0, _lines.Count - count)).ToList();
    }

    /// <summary>Every buffered line after <paramref name="seq"/>, oldest first.</summary>
    public IReadOnlyList<LogLine> After(long seq)
    {
        lock (_lines) return _lines.Where(l => l.Seq > seq).ToList();
    }

    /// <summary>Completes when the next line is added (or at once if one was added after <paramref name="seq"/>).</summary>
    public Task WaitForLineAfterAsync(long seq, CancellationToken ct)
    {
        lock (_lines)
        {
            if (_seq > seq) return Task.CompletedTask;
            return _added.Task.WaitAsync(ct);
        }
    }
}
