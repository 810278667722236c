using System.Security.Claims;
using System.Text.Json;
using MassTransit;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Smarketing.Contracts;
using Smarketing.FollowUp.Data;
using Smarketing.FollowUp.Domain;
using Smarketing.ServiceDefaults.Security;

namespace Smarketing.FollowUp.Api;

public sealed record DueLead(string? Name, string? Company, string? City, string? Phone, string? Email, int? Score, string? Grade,
    IReadOnlyList<ScoreReason> Reasons, string TimeZone);

/// <summary>The one-tap links (through the gateway, which records the attempt and redirects) and the filled message.</summary>
public sealed record DueLinks(string? Call, string? WhatsApp, string? Email);

public sealed record DueTask(
    Guid TaskId, Guid LeadId, Guid RepId, int Step, string Channel, DateTime DueAt, DateTime OverdueAt, string Status,
    string Instructions, string? Message, string? Subject, DueLead Lead, DueLinks Links);

public static class DueApi
{
    public static IEndpointRouteBuilder MapDueApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/followups/due", DueAsync).RequireAuthorization(Policies.Staff);
        // The web app's tap carries its session cookie (the gateway makes it a bearer token); a link alone is not enough.
        app.MapGet(TouchLinks.Path + "{token}", GoAsync).RequireAuthorization(Policies.Sales);
        return app;
    }

    /// <summary>Due and overdue work, overdue first then soonest, with who the lead is, why it scored, and the links.</summary>
    public static async Task<Results<Ok<List<DueTask>>, ValidationProblem>> DueAsync(
        string? owner, DateTimeOffset? until, int? limit, ClaimsPrincipal user, FollowUpDbContext db, TouchLinks links, TimeProvider clock, CancellationToken ct)
    {
        Guid? ownerId = null;
        if (owner == "me" || user.IsSalesRep()) ownerId = user.RepId() ?? Guid.Empty;
        else if (Guid.TryParse(owner, out var parsed)) ownerId = parsed;
        else if (!string.IsNullOrEmpty(owner))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["owner"] = ["owner must be 'me' or a sales rep id."] });
        if (limit is < 1 or > 1000)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["limit"] = ["limit must be between 1 and 1000."] });
        var now = clock.GetUtcNow().UtcDateTime;
        var horizon = until?.UtcDateTime ?? now;

        var rows = await (
                from t in db.Tasks.AsNoTracking()
                join c in db.Cadences.AsNoTracking() on t.LeadId equals c.LeadId
                join k in db.Contacts.AsNoTracking() on t.LeadId equals k.LeadId into contacts
                from k in contacts.DefaultIfEmpty()
                where (t.Status == TaskStatuses.Pending || t.Status == TaskStatuses.Overdue) && t.DueAt <= horizon
                where ownerId == null || t.RepId == ownerId
                orderby t.Status == TaskStatuses.Overdue ? 0 : 1, t.DueAt
                select new { Task = t, c.RepName, c.TimeZone, Contact = k })
            .Take(limit ?? 500)
            .ToListAsync(ct);

        var viewer = user.RepId();
        return TypedResults.Ok(rows.Select(r =>
        {
            var t = r.Task;
            var contact = r.Contact ?? new LeadContact { LeadId = t.LeadId };
            var data = new TemplateData(contact.Name, contact.Company, contact.Product, contact.City, r.RepName);
            var message = t.Message is null ? null : MessageTemplate.Fill(t.Message, data);
            var subject = t.Subject is null ? null : MessageTemplate.Fill(t.Subject, data);
            var expires = now + TouchLinks.Lifetime;
            string? Link(string channel, bool available) =>
                available ? links.Link(new TouchTicket(t.LeadId, t.Id, viewer ?? t.RepId, channel, expires)) : null;
            var reasons = contact.Reasons is null ? [] : JsonSerializer.Deserialize<List<ScoreReason>>(contact.Reasons, SettingsStore.Json) ?? [];
            return new DueTask(t.Id, t.LeadId, t.RepId, t.Step, t.Channel, t.DueAt, t.OverdueAt, t.Status, t.Instructions, message, subject,
                new DueLead(contact.Name, contact.Company, contact.City, contact.Phone, contact.Email, contact.Score, contact.Grade, reasons, r.TimeZone),
                new DueLinks(
                    Link("call", ContactLinks.Call(contact.Phone) is not null),
                    Link("whatsapp", ContactLinks.WhatsApp(contact.Phone, null) is not null),
                    Link("email", ContactLinks.Email(contact.Email, null, null) is not null)));
        }).ToList());
    }

    /// <summary>
    /// Proof of touch: a tapped link records the attempt on the lead (channel, time, rep) and completes the step it
    /// was for, then redirects to tel:, WhatsApp click-to-chat or mailto. A second tap within a minute is the same attempt.
    /// Only the lead's current owner (or a manager or admin) with a live session may use it, and only while its step is open.
    /// </summary>
    public static async Task<Results<RedirectHttpResult, ProblemHttpResult>> GoAsync(
        string token, ClaimsPrincipal user, FollowUpDbContext db, TouchLinks links, TimeProvider clock, ILogger<TouchLinks> logger, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        if (links.Read(token, now) is not { } ticket)
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "This link is not valid or has expired; open the lead again for a fresh one.");
        var cadence = await db.Cadences.FindAsync([ticket.LeadId], ct);
        var contact = await db.Contacts.FindAsync([ticket.LeadId], ct);
        if (cadence is null || contact is null)
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "The lead is unknown.");

        var task = await db.Tasks.FindAsync([ticket.TaskId], ct);
        var use = TouchLinkRules.Judge(ticket, cadence.RepId, task, user.MayAccessLeadOf(cadence.RepId));
        if (use == TouchLinkUse.NotYours)
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "This link is for the lead's owner.");
        var data = new TemplateData(contact.Name, contact.Company, contact.Product, contact.City, cadence.RepName);
        var usesTemplate = task is not null && task.Channel == ticket.Channel;
        var message = usesTemplate && task!.Message is { } template ? MessageTemplate.Fill(template, data) : null;
        var subject = usesTemplate && task!.Subject is { } subjectTemplate ? MessageTemplate.Fill(subjectTemplate, data) : null;
        var target = ticket.Channel switch
        {
            "call" => ContactLinks.Call(contact.Phone),
            "whatsapp" => ContactLinks.WhatsApp(contact.Phone, message),
            _ => ContactLinks.Email(contact.Email, subject, message),
        };
        if (target is null)
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: $"The lead has no {(ticket.Channel == "email" ? "email" : "phone")} to use.");

        var repeated = await db.Activities.AnyAsync(a => a.LeadId == ticket.LeadId && a.Type == ticket.Channel &&
            a.Proof == ActivityProof.Click && a.RepId == ticket.RepId && a.LoggedAt >= now.AddMinutes(-1), ct);
        // The first tap completed the step; a second one right after it is the same attempt, not an expired link, as
        // long as the lead is still the tapping rep's.
        if (use == TouchLinkUse.Expired && (!repeated || ticket.RepId != cadence.RepId))
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound,
                title: "This link has expired with its step (done, skipped, or the lead changed hands); open the lead again for a fresh one.");
        if (cadence.IsOpen && !repeated)
        {
            var settings = await db.CadencesAsync(ct);
            var calendar = await db.CalendarForAsync(settings, cadence.TimeZone, ct);
            var open = await db.Tasks.Where(t => t.LeadId == ticket.LeadId && t.Cycle == cadence.Cycle &&
                    (t.Status == TaskStatuses.Pending || t.Status == TaskStatuses.Overdue))
                .OrderBy(t => t.Step).ToListAsync(ct);
            var activity = new Activity
            {
                Id = NewId.NextGuid(), LeadId = ticket.LeadId, RepId = ticket.RepId, Type = ticket.Channel,
                Outcome = ActivityProof.Attempted, Proof = ActivityProof.Click, At = now, LoggedAt = now,
            };
            db.Activities.Add(activity);
            CadenceRules.Touch(cadence, open, activity, settings, calendar, now);
            db.Publish(new ActivityLogged(activity.Id, activity.LeadId, activity.RepId, activity.Type, activity.Outcome, null, now,
                activity.TaskId, activity.Proof));
            await db.SaveChangesAsync(ct);
            logger.LogInformation("Recorded a {Channel} attempt on lead {LeadId} by rep {RepId} from a tapped link", ticket.Channel, ticket.LeadId, ticket.RepId);
        }
        return TypedResults.Redirect(target);
    }
}
