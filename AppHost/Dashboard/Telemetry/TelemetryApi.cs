using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Smarketing.AppHost.Dashboard.Telemetry;

/// <summary>
/// The dashboard's telemetry queries. Mapped by the server on its /api/telemetry group, which already
/// requires the dashboard cookie; the routes here are relative to it.
/// </summary>
public static class TelemetryApi
{
    private const int MaxPage = 10_000;

    public static IEndpointRouteBuilder MapTelemetryApi(this IEndpointRouteBuilder api, TelemetryStore store)
    {
        api.MapGet("/resources", () => TypedResults.Ok(store.GetResources()));
        api.MapGet("/logs", (string? resource, string? level, string? text, string? traceId, string? limit) =>
            GetLogs(store, resource, level, text, traceId, limit));
        api.MapGet("/traces", (string? resource, string? text, string? limit) => GetTraces(store, resource, text, limit));
        api.MapGet("/traces/{traceId}", (string traceId) => GetTrace(store, traceId));
        api.MapGet("/metrics", () => TypedResults.Ok(store.GetInstruments()));
        api.MapGet("/metrics/series", (string? name, string? resource, string? minutes, string? stepSeconds) =>
            GetMetricSeries(store, name, resource, minutes, stepSeconds));
        return api;
    }

    private static Results<Ok<TelemetryPage<LogRecordView>>, ValidationProblem> GetLogs(
        TelemetryStore store, string? resource, string? level, string? text, string? traceId, string? limit)
    {
        var errors = new QueryErrors();
        var query = new LogQuery(Blank(resource), errors.Level(nameof(level), level), Blank(text), errors.TraceId(nameof(traceId), traceId),
            errors.Int(nameof(limit), limit, 500, 1, MaxPage));
        return errors.Any ? errors.Problem() : TypedResults.Ok(store.GetLogs(query));
    }

    private static Results<Ok<TelemetryPage<TraceSummaryView>>, ValidationProblem> GetTraces(
        TelemetryStore store, string? resource, string? text, string? limit)
    {
        var errors = new QueryErrors();
        var query = new TraceQuery(Blank(resource), Blank(text), errors.Int(nameof(limit), limit, 100, 1, MaxPage));
        return errors.Any ? errors.Problem() : TypedResults.Ok(store.GetTraces(query));
    }

    private static Results<Ok<TraceView>, ProblemHttpResult, ValidationProblem> GetTrace(TelemetryStore store, string traceId)
    {
        var errors = new QueryErrors();
        var id = errors.TraceId(nameof(traceId), traceId);
        if (errors.Any || id is null) return errors.Problem();
        return store.GetTrace(id) is { } trace
            ? TypedResults.Ok(trace)
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown trace",
                detail: $"No trace {id} has been received, or it was dropped to keep the newest {store.Limits.MaxTraces} traces.");
    }

    private static Results<Ok<MetricSeriesView>, ProblemHttpResult, ValidationProblem> GetMetricSeries(
        TelemetryStore store, string? name, string? resource, string? minutes, string? stepSeconds)
    {
        var errors = new QueryErrors();
        var query = new MetricSeriesQuery(errors.Required(nameof(name), name), Blank(resource),
            errors.Int(nameof(minutes), minutes, 5, 1, 60), errors.Int(nameof(stepSeconds), stepSeconds, 5, 1, 3600));
        if (errors.Any) return errors.Problem();
        return store.GetMetricSeries(query) is { } series
            ? TypedResults.Ok(series)
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown instrument",
                detail: $"No metric named '{query.Name}' has been received yet.");
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
