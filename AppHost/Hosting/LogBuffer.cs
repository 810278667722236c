namespace Smarketing.AppHost.Hosting;

public sealed record LogLine(DateTime At, string Text);

/// <summary>The last lines of a resource's console output (10,000, like Aspire's dashboard keeps).</summary>
public sealed class LogBuffer(int capacity = 10_000)
{
    private readonly Queue<LogLine> _lines = new();

    public void Add(string text)
    {
        lock (_lines)
        {
            _lines.Enqueue(new LogLine(DateTime.UtcNow, text));
            while (_lines.Count > capacity) _lines.Dequeue();
        }
    }

    public IReadOnlyList<LogLine> Tail(int count)
    {
        lock (_lines) return _lines.Skip(Math.Max(0, _lines.Count - count)).ToList();
    }
}
