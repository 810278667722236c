using Smarketing.ServiceDefaults.Security;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Smarketing.Contracts;

namespace Smarketing.Ingestion.Api;

public sealed record CaptureResponse(Guid LeadId, bool Duplicate, bool Merged);

/// <summary>Items stay raw JSON until each is read on its own, so an item with a wrong-typed field fails alone.</summary>
public sealed record BatchRequest(IReadOnlyList<JsonElement>? Leads);

public sealed record BatchItemResult(int Index, int Status, Guid? LeadId, bool? Duplicate, bool? Merged, IDictionary<string, string[]>? Errors);

public sealed record BatchResponse(IReadOnlyList<BatchItemResult> Results);

public static class LeadCaptureApi
{
    public const int MaxLeadBytes = 64 * 1024;
    public const int MaxBatchItems = 500;
    public const int MaxBatchBytes = MaxBatchItems * MaxLeadBytes;

    public static IEndpointRouteBuilder MapLeadCaptureApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/leads").RequireAuthorization(Policies.Capture);
        api.MapPost("/", CaptureAsync);
        api.MapPost("/batch", CaptureBatchAsync);
        return app;
    }

    public static async Task<Results<Accepted<CaptureResponse>, Ok<CaptureResponse>, ValidationProblem, ProblemHttpResult>> CaptureAsync(
        HttpRequest request, LeadCapture capture, CancellationToken ct)
    {
        var (body, problem) = await JsonBody.ReadAsync<CaptureLead>(request, MaxLeadBytes, ct);
        if (problem is not null) return problem;

        var (result, errors) = await capture.CaptureAsync(body!, CaptureChannel.Http, ct);
        if (result is null) return TypedResults.ValidationProblem(errors, title: "The lead is not valid.");

        var response = new CaptureResponse(result.LeadId, result.Duplicate, result.Merged);
        return result.Duplicate ? TypedResults.Ok(response) : TypedResults.Accepted($"/api/leads/{result.LeadId}", response);
    }

    /// <summary>Each item gets its own result, in input order; one bad item never rejects the others.</summary>
    public static async Task<Results<Ok<BatchResponse>, ValidationProblem, ProblemHttpResult>> CaptureBatchAsync(
        HttpRequest request, LeadCapture capture, CancellationToken ct)
    {
        var (body, problem) = await JsonBody.ReadAsync<BatchRequest>(request, MaxBatchBytes, ct);
        if (problem is not null) return problem;
        if (body?.Leads is not { Count: > 0 } leads)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["leads"] = ["leads must hold at least one item."] });
        if (leads.Count > MaxBatchItems)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["leads"] = [$"at most {MaxBatchItems} items per batch."] });

        var items = leads.Select(JsonBody.ReadItem<CaptureLead>).Select(r => new BatchItem(r.Item, r.Errors)).ToList();
        var outcomes = await capture.CaptureBatchAsync(items, ct);
        var results = outcomes.Select((o, i) => new BatchItemResult(
            i, o.Status, o.Result?.LeadId, o.Result?.Duplicate, o.Result?.Merged, o.Errors)).ToList();
        return TypedResults.Ok(new BatchResponse(results));
    }
}
