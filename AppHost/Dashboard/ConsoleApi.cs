using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Smarketing.AppHost.Hosting;

namespace Smarketing.AppHost.Dashboard;

public sealed record ConsoleLine(long Seq, DateTime Time, string Text)
{
    public static ConsoleLine From(LogLine line) => new(line.Seq, line.At, line.Text);
}

public sealed record ConsoleLines(IReadOnlyList<ConsoleLine> Items);

/// <summary>/api/resources/{name}/console: each resource's console output from its 10,000-line ring buffer, filtered, live or as a file.</summary>
internal static class ConsoleApi
{
    public static void MapConsoleApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/resources/{name}/console");
        api.MapGet("/", Lines);
        api.MapGet("/stream", Stream);
        api.MapGet("/download", Download);
    }

    private static Results<Ok<ConsoleLines>, ProblemHttpResult> Lines(string name, string? filter, int? limit, DashboardState state)
    {
        if (Find(state, name) is not { } logs) return ResourcesApi.NotFound(name);
        var take = Math.Clamp(limit ?? 1000, 1, 10_000);
        var matching = logs.Tail(int.MaxValue).Where(l => Matches(l, filter)).ToList();
        return TypedResults.Ok(new ConsoleLines(matching.Skip(Math.Max(0, matching.Count - take)).Select(ConsoleLine.From).ToList()));
    }

    private static IResult Stream(string name, long? after, DashboardState state, CancellationToken ct) =>
        Find(state, name) is { } logs
            ? TypedResults.ServerSentEvents(Follow(logs, after ?? 0, ct), "line")
            : ResourcesApi.NotFound(name);

    private static IResult Download(string name, string? filter, DashboardState state)
    {
        if (Find(state, name) is not { } logs) return ResourcesApi.NotFound(name);
        var text = new StringBuilder();
        foreach (var line in logs.Tail(int.MaxValue).Where(l => Matches(l, filter))) text.Append(line.At.ToString("O")).Append(' ').AppendLine(line.Text);
        return TypedResults.File(Encoding.UTF8.GetBytes(text.ToString()), "text/plain; charset=utf-8", $"{name}-console.log");
    }

    /// <summary>The buffered lines after <paramref name="after"/>, then each new line as it comes.</summary>
    private static async IAsyncEnumerable<ConsoleLine> Follow(LogBuffer logs, long after, [EnumeratorCancellation] CancellationToken ct)
    {
        var last = after;
        while (!ct.IsCancellationRequested)
        {
            foreach (var line in logs.After(last))
            {
                last = line.Seq;
                yield return ConsoleLine.From(line);
            }
            try
            {
                await logs.WaitForLineAfterAsync(last, ct);
            }
            catch (OperationCanceledException)
            {
                yield break;
            }
        }
    }

    private static bool Matches(LogLine line, string? filter) =>
        string.IsNullOrEmpty(filter) || line.Text.Contains(filter, StringComparison.OrdinalIgnoreCase);

    private static LogBuffer? Find(DashboardState state, string name) => state.App.Resources.FirstOrDefault(r => r.Name == name)?.Logs;
}
