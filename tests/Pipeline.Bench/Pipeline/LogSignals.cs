using System.Text.RegularExpressions;
using Smarketing.Pipeline.Bench.Reporting;

namespace Smarketing.Pipeline.Bench.Pipeline;

/// <summary>
/// Warnings and errors the services wrote while a step ran (from every resource's console output): counted per resource
/// and kind of message, so a step that fell behind because something failed and retried says what.
/// </summary>
internal sealed partial class LogSignals(ResourceLogs logs)
{
    private IReadOnlyDictionary<string, long> _marks = new Dictionary<string, long>();

    public void Mark() => _marks = logs.Marks();

    public IReadOnlyList<LogSignal> SinceMark()
    {
        var signals = new List<LogSignal>();
        foreach (var (resource, since) in logs.After(_marks))
        {
            var lines = since
                .Select(l => l.Text)
                .Where(t => t.Contains(" warn: ", StringComparison.Ordinal) || t.Contains(" fail: ", StringComparison.Ordinal) || t.Contains(" crit: ", StringComparison.Ordinal));
            signals.AddRange(lines
                .GroupBy(Shape)
                .Select(g => new LogSignal(resource, g.Count(), Trim(g.First())))
                .OrderByDescending(s => s.Count)
                .Take(3));
        }
        return signals.OrderByDescending(s => s.Count).ToList();
    }

    /// <summary>The message without its timestamp, ids and numbers, so repeats of one problem group together.</summary>
    public static string Shape(string line)
    {
        var text = line.Length > 13 && line[2] == ':' ? line[13..] : line;
        text = Numbers().Replace(Guids().Replace(text, "<id>"), "#");
        return text[..Math.Min(160, text.Length)];
    }

    private static string Trim(string line) => line.Length <= 600 ? line : line[..600] + "…";

    [GeneratedRegex("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", RegexOptions.IgnoreCase)]
    private static partial Regex Guids();

    [GeneratedRegex("[0-9]+")]
    private static partial Regex Numbers();
}
