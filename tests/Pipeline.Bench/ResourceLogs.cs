using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Smarketing.Pipeline.Bench;

/// <summary>A console line of a resource; <see cref="Seq"/> grows by one per line, so a reader can resume after the last it saw.</summary>
internal sealed record LogLine(long Seq, string Text);

/// <summary>
/// Every resource's console output: Aspire.Hosting.Testing forwards it to the host's loggers under
/// "{AppHost}.Resources.{resource}" (every replica under its resource's name). The last 10,000 lines of each are kept,
/// as Aspire's dashboard keeps them, each as the process wrote it: without the timestamp DCP puts in front and without
/// the colours the services write for the dashboard.
/// </summary>
internal sealed partial class ResourceLogs : ILoggerProvider
{
    private const string Marker = ".Resources.";
    private readonly ConcurrentDictionary<string, ResourceLog> _logs = new();

    public IReadOnlyList<LogLine> Tail(string resource, int count) => _logs.TryGetValue(resource, out var log) ? log.Tail(count) : [];

    /// <summary>The last line number of each resource so far.</summary>
    public IReadOnlyDictionary<string, long> Marks() => _logs.ToDictionary(l => l.Key, l => l.Value.LastSeq);

    /// <summary>Each resource's lines after its mark (all of them for a resource that had none), oldest first.</summary>
    public IEnumerable<(string Resource, IReadOnlyList<LogLine> Lines)> After(IReadOnlyDictionary<string, long> marks) =>
        _logs.Select(l => (l.Key, l.Value.After(marks.GetValueOrDefault(l.Key))));

    public ILogger CreateLogger(string categoryName)
    {
        var at = categoryName.IndexOf(Marker, StringComparison.Ordinal);
        return at < 0 ? NullLogger.Instance : new Capture(_logs.GetOrAdd(categoryName[(at + Marker.Length)..], _ => new ResourceLog()));
    }

    public void Dispose() { }

    /// <summary>A forwarded line as the process wrote it.</summary>
    public static string Plain(string content) => AnsiEscapes().Replace(DcpTimestamp().Replace(content, ""), "");

    [GeneratedRegex(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z ")]
    private static partial Regex DcpTimestamp();

    [GeneratedRegex(@"\x1B\[[0-9;]*m")]
    private static partial Regex AnsiEscapes();

    private sealed class Capture(ResourceLog log) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;

        // The forwarder logs "{LineNumber}: {LineContent}"; the line itself is what the process wrote.
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            log.Add(Plain(state is IReadOnlyList<KeyValuePair<string, object?>> values && values.FirstOrDefault(v => v.Key == "LineContent").Value is string line
                ? line
                : formatter(state, exception)));
    }

    private sealed class ResourceLog
    {
        private const int Capacity = 10_000;
        private readonly Queue<LogLine> _lines = new();
        private long _seq;

        public long LastSeq
        {
            get { lock (_lines) return _seq; }
        }

        public void Add(string text)
        {
            lock (_lines)
            {
                _lines.Enqueue(new LogLine(++_seq, text));
                if (_lines.Count > Capacity) _lines.Dequeue();
            }
        }

        public IReadOnlyList<LogLine> Tail(int count)
        {
            lock (_lines) return _lines.Skip(Math.Max(0, _lines.Count - count)).ToList();
        }

        public IReadOnlyList<LogLine> After(long seq)
        {
            lock (_lines) return _lines.Where(l => l.Seq > seq).ToList();
        }
    }
}
