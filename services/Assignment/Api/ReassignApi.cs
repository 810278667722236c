using Microsoft.AspNetCore.Http.HttpResults;
using Smarketing.ServiceDefaults.Security;

namespace Smarketing.Assignment.Api;

public sealed record ReassignRequest(Guid? RepId, string? Reason);

public sealed record ReassignResponse(Guid LeadId, Guid RepId, string RepName, Guid? PreviousRepId);

/// <summary>A manager moves a lead to another rep (or lets the round robin choose), never over anyone's capacity.</summary>
public static class ReassignApi
{
    public static IEndpointRouteBuilder MapReassignApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/leads/{leadId:guid}/reassign", ReassignAsync).RequireAuthorization(Policies.Managers);
        return app;
    }

    public static async Task<Results<Ok<ReassignResponse>, ValidationProblem, ProblemHttpResult>> ReassignAsync(
        Guid leadId, ReassignRequest request, LeadAssigner assigner, CancellationToken ct)
    {
        var reason = request.Reason?.Trim();
        if (string.IsNullOrEmpty(reason) || reason.Length > 500)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["reason"] = ["a reason (at most 500 characters) is required."] });

        var result = await assigner.ReassignAsync(leadId, request.RepId, reason, ct);
        return result.Outcome switch
        {
            ReassignOutcome.Reassigned => TypedResults.Ok(new ReassignResponse(leadId, result.RepId!.Value, result.RepName!, result.PreviousRepId)),
            ReassignOutcome.NotAssigned => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "The lead has no open assignment."),
            ReassignOutcome.UnknownRep => TypedResults.ValidationProblem(new Dictionary<string, string[]>
                { ["repId"] = ["no other active sales rep with this id."] }),
            _ => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "No other rep has room for this lead right now."),
        };
    }
}
