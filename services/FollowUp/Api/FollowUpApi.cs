using System.Security.Claims;
using MassTransit;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Smarketing.Contracts;
using Smarketing.FollowUp.Data;
using Smarketing.FollowUp.Domain;
using Smarketing.ServiceDefaults.Security;

namespace Smarketing.FollowUp.Api;

public sealed record ActivityRequest(string? Type, string? Outcome, string? Notes, DateTimeOffset? At);

public sealed record TaskView(Guid TaskId, Guid LeadId, Guid RepId, int Step, string Channel, DateTime DueAt, DateTime OverdueAt, string Status, string Instructions);

public sealed record ActivityResponse(
    Guid ActivityId, Guid LeadId, string Type, string Outcome, DateTime At, Guid? CompletedTaskId, TaskView? NextStep,
    string Proof, DateTime? PausedUntil, string? ClosedAs);

public sealed record OutcomeRequest(string? Result, decimal? Value, string? Currency, string? Reason, DateTimeOffset? ClosedAt);

public sealed record OutcomeResponse(Guid LeadId, string Result, decimal? Value, string Currency, string? Reason, DateTime ClosedAt, DateTime? RecycleAt);

public static class FollowUpApi
{
    /// <summary>An outcome logged this soon after a tapped link of the same channel is that attempt's outcome, not a new touch.</summary>
    public static readonly TimeSpan AttemptOutcomeWindow = TimeSpan.FromHours(2);

    public static IEndpointRouteBuilder MapFollowUpApi(this IEndpointRouteBuilder app)
    {
        var leads = app.MapGroup("/api/leads/{leadId:guid}").RequireAuthorization(Policies.Sales);
        leads.MapPost("/activities", LogActivityAsync);
        leads.MapPost("/outcome", RecordOutcomeAsync);
        app.MapDueApi();
        app.MapSettingsApi();
        return app;
    }

    /// <summary>
    /// One request logs a touch: it completes the earliest open step (the rest of the plan stays), a reply or a set
    /// meeting pauses the plan, and "not interested" on the last step closes the lead as lost. Right after a tapped
    /// link of the same channel, it records that attempt's outcome instead of counting a second touch.
    /// </summary>
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

        var settings = await db.CadencesAsync(ct);
        var calendar = await db.CalendarForAsync(settings, cadence.TimeZone, ct);
        var open = await db.Tasks.Where(t => t.LeadId == leadId && t.Cycle == cadence.Cycle &&
                (t.Status == TaskStatuses.Pending || t.Status == TaskStatuses.Overdue))
            .OrderBy(t => t.Step).ToListAsync(ct);

        var attempt = request.Type == "note" ? null : await db.Activities
            .Where(a => a.LeadId == leadId && a.Type == request.Type && a.Proof == ActivityProof.Click &&
                        a.Outcome == ActivityProof.Attempted && a.At >= now - AttemptOutcomeWindow)
            .OrderByDescending(a => a.At).FirstOrDefaultAsync(ct);
        var activity = attempt ?? new Activity
        {
            Id = NewId.NextGuid(), LeadId = leadId, RepId = cadence.RepId, Type = request.Type!,
            Outcome = request.Outcome ?? "connected", At = request.At?.UtcDateTime ?? now, LoggedAt = now,
        };
        if (attempt is null) db.Activities.Add(activity);
        else
        {
            attempt.Outcome = request.Outcome!;
            attempt.LoggedAt = now;
        }
        activity.Notes = request.Notes ?? activity.Notes;

        var result = CadenceRules.Touch(cadence, open, activity, settings, calendar, now, completesStep: attempt is null);
        db.Publish(new ActivityLogged(activity.Id, leadId, activity.RepId, activity.Type, activity.Outcome, activity.Notes, activity.At,
            activity.TaskId, activity.Proof));
        if (result.CloseAsLostReason is { } reason)
        {
            Close(db, cadence, "lost", null, LeadVocabulary.DefaultCurrency, reason, now, settings, open);
        }
        await db.SaveChangesAsync(ct);

        return TypedResults.Created($"/api/leads/{leadId}", new ActivityResponse(
            activity.Id, leadId, activity.Type, activity.Outcome, activity.At, result.Completed?.Id ?? activity.TaskId,
            result.Next is null ? null : ToView(result.Next), activity.Proof, result.PausedUntil, result.CloseAsLostReason is null ? null : "lost"));
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
        if (request.Reason is { Length: > 1000 }) errors["reason"] = ["reason must be at most 1000 characters."];
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
                ? TypedResults.Ok(new OutcomeResponse(leadId, cadence.OutcomeResult!, cadence.OutcomeValue, cadence.OutcomeCurrency!, cadence.OutcomeReason,
                    cadence.ClosedAt!.Value, cadence.RecycleAt))
                : TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: $"The lead already has a different outcome ({cadence.OutcomeResult}).");
        }

        var settings = await db.CadencesAsync(ct);
        var open = await db.Tasks.Where(t => t.LeadId == leadId && (t.Status == TaskStatuses.Pending || t.Status == TaskStatuses.Overdue)).ToListAsync(ct);
        Close(db, cadence, request.Result!, request.Value, currency, reason, request.ClosedAt?.UtcDateTime ?? now, settings, open);
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(new OutcomeResponse(leadId, request.Result!, request.Value, currency, reason, cadence.ClosedAt!.Value, cadence.RecycleAt));
    }

    /// <summary>Closes the lead: every open step is cancelled, and a loss for timing or budget is put back to nurture later.</summary>
    private static void Close(FollowUpDbContext db, LeadCadence cadence, string result, decimal? value, string currency, string? reason,
        DateTime closedAt, CadenceSettings settings, IEnumerable<FollowUpTask> open)
    {
        cadence.OutcomeResult = result;
        cadence.OutcomeValue = value;
        cadence.OutcomeCurrency = currency;
        cadence.OutcomeReason = reason;
        cadence.ClosedAt = closedAt;
        cadence.RecycleAt = result == "lost" && settings.Recycles(reason) ? closedAt.AddDays(settings.RecycleAfterDays) : null;
        CadenceRules.CancelOpen(open);
        db.Publish(new LeadOutcomeRecorded(cadence.LeadId, cadence.RepId, result, value, currency, reason, closedAt));
    }

    public static TaskView ToView(FollowUpTask t) => new(t.Id, t.LeadId, t.RepId, t.Step, t.Channel, t.DueAt, t.OverdueAt, t.Status, t.Instructions);
}
