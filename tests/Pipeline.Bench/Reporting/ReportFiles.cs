using System.Text.Json;
using System.Text.Json.Serialization;
using Smarketing.AppHost.Local;

namespace Smarketing.Pipeline.Bench.Reporting;

/// <summary>bench-results/pipeline-&lt;UTC timestamp&gt;.json and .md at the repository root (git-ignored).</summary>
internal static class ReportFiles
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        // An empty latency set has no percentiles: NaN, written as "NaN".
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter() },
    };

    public static async Task<(string Json, string Markdown)> WriteAsync(BenchReport report)
    {
        var dir = Path.Combine(LocalSettings.FindRepositoryRoot(), "bench-results");
        Directory.CreateDirectory(dir);
        var name = $"pipeline-{report.StartedAtUtc:yyyyMMdd-HHmmss}";
        var json = Path.Combine(dir, name + ".json");
        var markdown = Path.Combine(dir, name + ".md");
        await File.WriteAllTextAsync(json, JsonSerializer.Serialize(report, Json));
        await File.WriteAllTextAsync(markdown, MarkdownReport.Render(report));
        return (json, markdown);
    }
}
