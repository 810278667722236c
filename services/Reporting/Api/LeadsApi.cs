using System.Security.Claims;
using Smarketing.ServiceDefaults.Security;
using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Smarketing.Contracts;
using Smarketing.Reporting.Data;
using Smarketing.Reporting.Domain;

namespace Smarketing.Reporting.Api;

public sealed record LeadSummary(
    Guid LeadId, string Status, string? Name, string? Email, string? Phone, string? Company, string? City,
    string? Source, string? Campaign, DateTime ReceivedAt, int Touches, int? Score, string? Grade, string? Qualification,
    Guid? OwnerRepId, string? OwnerName, DateTime? AssignedAt);

public sealed record LeadPage(IReadOnlyList<LeadSummary> Items, int Total, int Page, int PageSize);

public sealed record ScoreView(int Value, string Grade, string Qualification, IReadOnlyList<ScoreReason> Reasons, string ModelVersion, DateTime ScoredAt);

public sealed record OwnerView(Guid RepId, string Name, DateTime AssignedAt);

public sealed record FollowUpItem(Guid TaskId, int Step, string Channel, DateTime DueAt, string Status);

public sealed record ActivityItem(Guid ActivityId, string Type, string Outcome, string? Notes, DateTime At);

public sealed record OutcomeView(string Result, decimal? Value, string? Currency, string? Reason, DateTime? ClosedAt);

public sealed record TimelineItem(DateTime At, string Type, string Summary);

/// <summary>One captured event of the lead, with the ad click it came from (adPlatform: google, meta, tiktok or microsoft).</summary>
public sealed record CaptureItem(string Source, string EventId, string? Campaign, DateTime At, AdClickInfo? AdClick, string? AdPlatform);

public sealed record LeadDetail(
    Guid LeadId, string Status, ContactInfo Contact, InterestInfo? Interest, UtmInfo? Utm, string? Source, string? Campaign,
    DateTime ReceivedAt, int Touches, ScoreView? Score, OwnerView? Owner, IReadOnlyList<FollowUpItem> FollowUps,
    IReadOnlyList<ActivityItem> Activities, OutcomeView? Outcome, IReadOnlyList<TimelineItem> Timeline,
    AdClickInfo? AdClick, string? AdPlatform, IReadOnlyList<CaptureItem> Captures, ConsentInfo? Consent);

/// <summary>The sales UI's read side. A lead is listed once its capture (LeadReceived) has arrived here.</summary>
public static class LeadsApi
{
    public const int MaxPageSize = 100;
    private static readonly IReadOnlySet<string> Grades = new HashSet<string>(StringComparer.Ordinal) { "A", "B", "C", "D" };

    public static IEndpointRouteBuilder MapLeadsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/leads").RequireAuthorization(Policies.Staff);
        api.MapGet("/", ListAsync);
        api.MapGet("/{leadId:guid}", GetAsync);
        return app;
    }

    /// <summary>Query values arrive as strings so that a bad one is a per-field validation error, not a bare 400.</summary>
    public static async Task<Results<Ok<LeadPage>, ValidationProblem>> ListAsync(
        string? owner, string? status, string? grade, string? campaign, string? source, string? q, string? page, string? pageSize,
        ClaimsPrincipal user, ReportingDbContext db, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        Guid? ownerId = null;
        if (!string.IsNullOrWhiteSpace(owner))
        {
            if (owner == "me")
            {
                ownerId = user.RepId();
                if (ownerId is null) errors["owner"] = ["owner=me needs a user linked to a sales rep."];
            }
            else if (Guid.TryParse(owner, out var parsed)) ownerId = parsed;
            else errors["owner"] = ["owner must be 'me' or a sales rep id."];
        }
        if (!string.IsNullOrEmpty(status) && !LeadStatus.All.Contains(status))
            errors["status"] = [$"status must be one of: {string.Join(", ", LeadStatus.All)}."];
        if (!string.IsNullOrEmpty(grade) && !Grades.Contains(grade)) errors["grade"] = ["grade must be one of: A, B, C, D."];
        var pageNumber = ParsePositive("page", page, 1, errors);
        var size = Math.Min(ParsePositive("pageSize", pageSize, 20, errors), MaxPageSize);
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);

        var leads = db.Leads.AsNoTracking().Where(l => l.ReceivedAt != null);
        if (ownerId is not null) leads = leads.Where(l => l.OwnerRepId == ownerId);
        // A sales rep sees only the leads they own, whatever they ask for.
        if (user.IsSalesRep())
        {
            var repId = user.RepId();
            leads = leads.Where(l => l.OwnerRepId == repId);
        }
        if (!string.IsNullOrEmpty(status)) leads = leads.Where(l => l.Status == status);
        if (!string.IsNullOrEmpty(grade)) leads = leads.Where(l => l.Grade == grade);
        if (!string.IsNullOrEmpty(campaign)) leads = leads.Where(l => l.Campaign == campaign);
        if (!string.IsNullOrEmpty(source)) leads = leads.Where(l => l.Source == source);
        if (!string.IsNullOrWhiteSpace(q))
        {
            var pattern = $"%{EscapeLike(q.Trim())}%";
            leads = leads.Where(l =>
                EF.Functions.ILike(l.Name!, pattern, "\\") || EF.Functions.ILike(l.Email!, pattern, "\\") ||
                EF.Functions.ILike(l.Phone!, pattern, "\\") || EF.Functions.ILike(l.Company!, pattern, "\\"));
        }

        var total = await leads.CountAsync(ct);
        var items = await leads
            .OrderByDescending(l => l.ReceivedAt).ThenBy(l => l.LeadId)
            .Skip((int)Math.Min(int.MaxValue, (pageNumber - 1L) * size)).Take(size)
            .Select(l => new LeadSummary(
                l.LeadId, l.Status, l.Name, l.Email, l.Phone, l.Company, l.City, l.Source, l.Campaign, l.ReceivedAt!.Value,
                l.Touches, l.Score, l.Grade, l.Qualification, l.OwnerRepId, l.OwnerName, l.AssignedAt))
            .ToListAsync(ct);
        return TypedResults.Ok(new LeadPage(items, total, pageNumber, size));
    }

    public static async Task<Results<Ok<LeadDetail>, ProblemHttpResult>> GetAsync(
        Guid leadId, ClaimsPrincipal user, ReportingDbContext db, CancellationToken ct)
    {
        var lead = await db.Leads.AsNoTracking().FirstOrDefaultAsync(l => l.LeadId == leadId && l.ReceivedAt != null, ct);
        // Another rep's lead answers exactly like a missing one: its existence is not theirs to know.
        if (lead is null || !user.MayAccessLeadOf(lead.OwnerRepId)) return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No lead with this id (yet).");

        var followUps = await db.FollowUps.AsNoTracking().Where(t => t.LeadId == leadId)
            .OrderBy(t => t.Step).ThenBy(t => t.DueAt)
            .Select(t => new FollowUpItem(t.TaskId, t.Step, t.Channel, t.DueAt, t.Status)).ToListAsync(ct);
        var activities = await db.Activities.AsNoTracking().Where(a => a.LeadId == leadId)
            .OrderBy(a => a.At).ThenBy(a => a.ActivityId)
            .Select(a => new ActivityItem(a.ActivityId, a.Type, a.Outcome, a.Notes, a.At)).ToListAsync(ct);
        var timeline = await db.Timeline.AsNoTracking().Where(t => t.LeadId == leadId)
            .OrderBy(t => t.At).ThenBy(t => t.Id)
            .Select(t => new TimelineItem(t.At, t.Type, t.Summary)).ToListAsync(ct);
        var touches = await db.LeadTouches.AsNoTracking().Where(t => t.LeadId == leadId)
            .OrderBy(t => t.At).ThenBy(t => t.EventId).ToListAsync(ct);
        var captures = touches.Select(t =>
        {
            var click = Jsonb.Read<AdClickInfo>(t.AdClick);
            return new CaptureItem(t.Source, t.EventId, t.Campaign, t.At, click, click?.Platform);
        }).ToList();
        var adClick = Jsonb.Read<AdClickInfo>(lead.AdClick);

        return TypedResults.Ok(new LeadDetail(
            lead.LeadId, lead.Status, Jsonb.Read<ContactInfo>(lead.Contact) ?? new ContactInfo(),
            Jsonb.Read<InterestInfo>(lead.Interest), Jsonb.Read<UtmInfo>(lead.Utm), lead.Source, lead.Campaign,
            lead.ReceivedAt!.Value, lead.Touches, ToScore(lead), ToOwner(lead), followUps, activities,
            lead.OutcomeResult is null ? null : new OutcomeView(lead.OutcomeResult, lead.OutcomeValue, lead.OutcomeCurrency, lead.OutcomeReason, lead.ClosedAt),
            timeline, adClick, adClick?.Platform, captures, Jsonb.Read<ConsentInfo>(lead.Consent)));
    }

    private static ScoreView? ToScore(LeadView l) =>
        l is { Score: { } value, Grade: { } grade, Qualification: { } qualification, ScoredAt: { } scoredAt }
            ? new ScoreView(value, grade, qualification, Jsonb.Read<List<ScoreReason>>(l.Reasons) ?? [], l.ModelVersion ?? "", scoredAt)
            : null;

    private static OwnerView? ToOwner(LeadView l) =>
        l is { OwnerRepId: { } repId, AssignedAt: { } assignedAt } ? new OwnerView(repId, l.OwnerName ?? "", assignedAt) : null;

    private static int ParsePositive(string field, string? value, int fallback, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(value)) return fallback;
        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= 1) return number;
        errors[field] = [$"{field} must be a whole number of at least 1."];
        return fallback;
    }

    /// <summary>The search text is matched literally: % and _ typed by a user are not wildcards.</summary>
    private static string EscapeLike(string text) =>
        text.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_");
}
