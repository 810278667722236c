using System.Security.Claims;
using Smarketing.ServiceDefaults.Security;
using MassTransit;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Smarketing.Contracts;
using Smarketing.FollowUp.Data;
using Smarketing.FollowUp.Domain;

namespace Smarketing.FollowUp.Api;

public sealed record ActivityRequest(string? Type, string? Outcome, string? Notes, DateTimeOffset? At);

public sealed record TaskView(Guid TaskId, Guid LeadId, Guid RepId, int Step, string Channel, DateTime DueAt, DateTime OverdueAt, string Status, string Instructions);

public sealed record ActivityResponse(Guid ActivityId, Guid LeadId, string Type, string Outcome, DateTime At, Guid? CompletedTaskId, TaskView? NextStep);

public sealed record OutcomeRequest(string? Result, decimal? Value, string? Currency, string? Reason, DateTimeOffset? ClosedAt);

public sealed record OutcomeResponse(Guid LeadId, string Result, decimal? Value, string Currency, string? Reason, DateTime ClosedAt);

public static class FollowUpApi
{
    public static IEndpointRouteBuilder MapFollowUpApi(this IEndpointRouteBuilder app)
    {
        var leads = app.MapGroup("/api/leads/{leadId:guid}").RequireAuthorization(Policies.Sales);
        leads.MapPost("/activities", LogActivityAsync);
        leads.MapPost("/outcome", RecordOutcomeAsync);

        var followUps = app.MapGroup("/api/followups").RequireAuthorization(Policies.Staff);
        followUps.MapGet("/due", DueAsync);
        followUps.MapGet("/cadences", (Cadence cadence) => TypedResults.Ok(new
        {
            grades = new[] { "A", "B", "C", "D" }.ToDictionary(g => g, g => new
            {
                firstTouchDeadlineMinutes = Cadence.FirstTouchDeadline(g)?.TotalMinutes,
                firstTouchDeadlineBusinessDays = Cadence.FirstTouchDeadline(g) is null ? 1 : (int?)null,
                steps = cadence.Steps,
            }),
        }));
        return app;
    }

    /// <summary>One request logs a touch: it completes the earliest open step, and the rest of the cadence stays planned.</summary>
    public static async Task<Results<Created<ActivityResponse>, ValidationProblem, ProblemHttpResult>> LogActivityAsync(
        Guid leadId, ActivityRequest request, ClaimsPrincipal user, FollowUpDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var errors = new Dictionary<string, string[]>();
        if (request.Type is null || !LeadVocabulary.ActivityTypes.Contains(request.Type))
            errors["type"] = [$"type must be one of: {string.Join(", ", LeadVocabulary.ActivityTypes)}."];
        if (request.Outcome is not null && !LeadVocabulary.ActivityOutcomes.Contains(request.Outcome))
            errors["outcome"] = [$"outcome must be one of: {string.Join(", ", LeadVocabulary.ActivityOutcomes)}."];
        if (request.Type != "note" && request.Outcome is null) errors["outcome"] = ["outcome is required for a call, message, email or meeting."];
        if (request.At?.UtcDateTime > now.AddMinutes(5)) errors["at"] = ["at cannot be in the future."];
        if (request.Notes is { Length: > 4000 }) errors["notes"] = ["notes must be at most 4000 characters."];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);

        var cadence = await db.Cadences.FindAsync([leadId], ct);
        if (cadence is null || !user.MayAccessLeadOf(cadence.RepId)) return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "The lead is unknown or has no owner yet.");
        if (!cadence.IsOpen) return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: $"The lead is closed ({cadence.OutcomeResult}).");

        var at = request.At?.UtcDateTime ?? now;
        var activity = new Activity
        {
            Id = NewId.NextGuid(), LeadId = leadId, RepId = cadence.RepId, Type = request.Type!,
            Outcome = request.Outcome ?? "connected", Notes = request.Notes, At = at, LoggedAt = now,
        };
        var open = await db.Tasks.Where(t => t.LeadId == leadId && (t.Status == TaskStatuses.Pending || t.Status == TaskStatuses.Overdue))
            .OrderBy(t => t.Step).Take(2).ToListAsync(ct);
        var completed = activity.Type == "note" ? null : open.FirstOrDefault();
        if (completed is not null)
        {
            completed.Status = TaskStatuses.Done;
            completed.CompletedAt = at;
            completed.ActivityId = activity.Id;
            activity.TaskId = completed.Id;
        }
        db.Activities.Add(activity);
        db.Publish(new ActivityLogged(activity.Id, leadId, activity.RepId, activity.Type, activity.Outcome, activity.Notes, at, completed?.Id));
        await db.SaveChangesAsync(ct);

        var next = open.FirstOrDefault(t => t != completed);
        return TypedResults.Created($"/api/leads/{leadId}", new ActivityResponse(
            activity.Id, leadId, activity.Type, activity.Outcome, at, completed?.Id, next is null ? null : ToView(next)));
    }

    /// <summary>Ends the cadence. The same outcome again is a no-op; a different one is a conflict, never a silent overwrite.</summary>
    public static async Task<Results<Ok<OutcomeResponse>, ValidationProblem, ProblemHttpResult>> RecordOutcomeAsync(
        Guid leadId, OutcomeRequest request, ClaimsPrincipal user, FollowUpDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var errors = new Dictionary<string, string[]>();
        if (request.Result is null || !LeadVocabulary.OutcomeResults.Contains(request.Result))
            errors["result"] = [$"result must be one of: {string.Join(", ", LeadVocabulary.OutcomeResults)}."];
        if (request.Value is < 0) errors["value"] = ["value cannot be negative."];
        if (request.Currency is not null && (request.Currency.Length != 3 || !request.Currency.All(char.IsAsciiLetterUpper)))
            errors["currency"] = ["currency must be an ISO 4217 code such as IDR."];
        if (request.ClosedAt?.UtcDateTime > now.AddMinutes(5)) errors["closedAt"] = ["closedAt cannot be in the future."];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);

        var cadence = await db.Cadences.FindAsync([leadId], ct);
        if (cadence is null || !user.MayAccessLeadOf(cadence.RepId)) return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "The lead is unknown or has no owner yet.");

        var currency = request.Currency ?? LeadVocabulary.DefaultCurrency;
        var reason = string.IsNullOrWhiteSpace(request.Reason) ? null : request.Reason.Trim();
        if (!cadence.IsOpen)
        {
            var same = cadence.OutcomeResult == request.Result && cadence.OutcomeValue == request.Value &&
                       cadence.OutcomeCurrency == currency && cadence.OutcomeReason == reason &&
                       (request.ClosedAt is null || request.ClosedAt.Value.UtcDateTime == cadence.ClosedAt);
            return same
                ? TypedResults.Ok(new OutcomeResponse(leadId, cadence.OutcomeResult!, cadence.OutcomeValue, cadence.OutcomeCurrency!, cadence.OutcomeReason, cadence.ClosedAt!.Value))
                : TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: $"The lead already has a different outcome ({cadence.OutcomeResult}).");
        }

        cadence.OutcomeResult = request.Result;
        cadence.OutcomeValue = request.Value;
        cadence.OutcomeCurrency = currency;
        cadence.OutcomeReason = reason;
        cadence.ClosedAt = request.ClosedAt?.UtcDateTime ?? now;
        await db.Tasks.Where(t => t.LeadId == leadId && (t.Status == TaskStatuses.Pending || t.Status == TaskStatuses.Overdue))
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.Status, TaskStatuses.Cancelled), ct);
        db.Publish(new LeadOutcomeRecorded(leadId, cadence.RepId, request.Result!, request.Value, currency, reason, cadence.ClosedAt.Value));
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(new OutcomeResponse(leadId, request.Result!, request.Value, currency, reason, cadence.ClosedAt.Value));
    }

    public static async Task<Results<Ok<List<TaskView>>, ValidationProblem>> DueAsync(
        string? owner, DateTimeOffset? until, ClaimsPrincipal user, FollowUpDbContext db, TimeProvider clock, CancellationToken ct)
    {
        Guid? ownerId = null;
        if (owner == "me" || user.IsSalesRep()) ownerId = user.RepId() ?? Guid.Empty;
        else if (Guid.TryParse(owner, out var parsed)) ownerId = parsed;
        else if (!string.IsNullOrEmpty(owner))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["owner"] = ["owner must be 'me' or a sales rep id."] });
        var limit = until?.UtcDateTime ?? clock.GetUtcNow().UtcDateTime;
        var tasks = await db.Tasks.AsNoTracking()
            .Where(t => (t.Status == TaskStatuses.Pending || t.Status == TaskStatuses.Overdue) && t.DueAt <= limit)
            .Where(t => ownerId == null || t.RepId == ownerId)
            .OrderBy(t => t.Status == TaskStatuses.Overdue ? 0 : 1).ThenBy(t => t.DueAt)
            .Take(500)
            .ToListAsync(ct);
        return TypedResults.Ok(tasks.Select(ToView).ToList());
    }

    private static TaskView ToView(FollowUpTask t) => new(t.Id, t.LeadId, t.RepId, t.Step, t.Channel, t.DueAt, t.OverdueAt, t.Status, t.Instructions);
}

