using Microsoft.AspNetCore.Http.HttpResults;
using Smarketing.Contracts;

namespace Smarketing.Ingestion.Api;

public sealed record CaptureResponse(Guid LeadId, bool Duplicate, bool Merged);

public sealed record BatchRequest(IReadOnlyList<CaptureLead?>? Leads);

public sealed record BatchItemResult(int Index, int Status, Guid? LeadId, bool? Duplicate, bool? Merged, IDictionary<string, string[]>? Errors);

public sealed record BatchResponse(IReadOnlyList<BatchItemResult> Results);

public static class LeadCaptureApi
{
    public const int MaxLeadBytes = 64 * 1024;
    public const int MaxBatchItems = 500;
    public const int MaxBatchBytes = MaxBatchItems * MaxLeadBytes;

    public static IEndpointRouteBuilder MapLeadCaptureApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/leads");
        api.MapPost("/", CaptureAsync);
        api.MapPost("/batch", CaptureBatchAsync);
        return app;
    }

    public static async Task<Results<Accepted<CaptureResponse>, Ok<CaptureResponse>, ValidationProblem, ProblemHttpResult>> CaptureAsync(
        HttpRequest request, LeadCapture capture, CancellationToken ct)
    {
        var (body, problem) = await JsonBody.ReadAsync<CaptureLead>(request, MaxLeadBytes, ct);
        if (problem is not null) return problem;

        var (result, errors) = await capture.CaptureAsync(body!, ct);
        if (result is null) return TypedResults.ValidationProblem(errors, title: "The lead is not valid.");

        var response = new CaptureResponse(result.LeadId, result.Duplicate, result.Merged);
        return result.Duplicate ? TypedResults.Ok(response) : TypedResults.Accepted($"/api/leads/{result.LeadId}", response);
    }

    /// <summary>Each item takes the single-lead path and gets its own result, in input order; one bad item never rejects the others.</summary>
    public static async Task<Results<Ok<BatchResponse>, ValidationProblem, ProblemHttpResult>> CaptureBatchAsync(
        HttpRequest request, LeadCapture capture, CancellationToken ct)
    {
        var (body, problem) = await JsonBody.ReadAsync<BatchRequest>(request, MaxBatchBytes, ct);
        if (problem is not null) return problem;
        if (body?.Leads is not { Count: > 0 } leads)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["leads"] = ["leads must hold at least one item."] });
        if (leads.Count > MaxBatchItems)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["leads"] = [$"at most {MaxBatchItems} items per batch."] });

        var results = new List<BatchItemResult>(leads.Count);
        for (var i = 0; i < leads.Count; i++)
        {
            if (leads[i] is not { } item)
            {
                results.Add(new BatchItemResult(i, 400, null, null, null, new Dictionary<string, string[]> { ["lead"] = ["item is null."] }));
                continue;
            }
            var (result, errors) = await capture.CaptureAsync(item, ct);
            results.Add(result is null
                ? new BatchItemResult(i, 400, null, null, null, errors)
                : new BatchItemResult(i, result.Duplicate ? 200 : 202, result.LeadId, result.Duplicate, result.Merged, null));
        }
        return TypedResults.Ok(new BatchResponse(results));
    }
}
