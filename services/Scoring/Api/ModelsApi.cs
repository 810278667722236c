using System.Security.Claims;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Smarketing.Contracts;
using Smarketing.Scoring.Data;
using Smarketing.Scoring.Domain;
using Smarketing.Scoring.Rescoring;
using Smarketing.ServiceDefaults.Security;

namespace Smarketing.Scoring.Api;

/// <summary>The model lifecycle: drafts, approval by both sides, activation (which rescores open leads).</summary>
public static class ModelsApi
{
    public static IEndpointRouteBuilder MapScoringApi(this IEndpointRouteBuilder app)
    {
        var read = app.MapGroup("/api/scoring/models").RequireAuthorization(Policies.Staff);
        read.MapGet("/", ListAsync);
        read.MapGet("/active", ActiveAsync);
        read.MapGet("/{version:int}", GetAsync);

        var write = app.MapGroup("/api/scoring/models").RequireAuthorization(Policies.Insight);
        write.MapPost("/", CreateAsync);
        write.MapPost("/{version:int}/approve", ApproveAsync);
        write.MapPost("/{version:int}/backtest", ModelInsightsApi.BacktestAsync);
        write.MapPost("/suggest", ModelInsightsApi.SuggestAsync);

        app.MapFlagsApi();
        return app;
    }

    private static async Task<Ok<JsonObject[]>> ListAsync(ScoringDbContext db, CancellationToken ct)
    {
        var models = await db.Models.AsNoTracking().OrderByDescending(m => m.Version).ToListAsync(ct);
        var jobs = await db.RescoreJobs.AsNoTracking().ToDictionaryAsync(j => j.Version, ct);
        return TypedResults.Ok(models.Select(m => ModelViews.ToView(m, jobs.GetValueOrDefault(m.Version))).ToArray());
    }

    private static async Task<Results<Ok<JsonObject>, NotFound>> ActiveAsync(ScoringDbContext db, CancellationToken ct)
    {
        var active = await db.Models.AsNoTracking().FirstOrDefaultAsync(m => m.Status == ModelStatus.Active, ct);
        return active is null ? TypedResults.NotFound() : TypedResults.Ok(await ViewAsync(db, active, ct));
    }

    private static async Task<Results<Ok<JsonObject>, NotFound>> GetAsync(int version, ScoringDbContext db, CancellationToken ct)
    {
        var model = await db.Models.AsNoTracking().FirstOrDefaultAsync(m => m.Version == version, ct);
        return model is null ? TypedResults.NotFound() : TypedResults.Ok(await ViewAsync(db, model, ct));
    }

    private static async Task<Results<Created<JsonObject>, ValidationProblem>> CreateAsync(
        ModelDocument document, ClaimsPrincipal user, ScoringDbContext db, ILogger<ModelDocument> logger, CancellationToken ct)
    {
        var errors = ModelValidator.Validate(document);
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors, title: "The scoring model has errors.");
        var stored = await SaveDraftAsync(db, document, user, ct);
        logger.LogInformation("{User} saved scoring model draft {Version}", user.DisplayName(), stored.Version);
        return TypedResults.Created($"/api/scoring/models/{stored.Version}", ModelViews.ToView(stored));
    }

    /// <summary>Saves the document as the next version; two drafts saved at once each get their own number.</summary>
    internal static async Task<StoredModel> SaveDraftAsync(ScoringDbContext db, ModelDocument document, ClaimsPrincipal user, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var next = (await db.Models.MaxAsync(m => (int?)m.Version, ct) ?? 0) + 1;
            var stored = new StoredModel
            {
                Version = next,
                Document = ModelRepository.Serialize(document),
                Status = ModelStatus.Draft,
                CreatedBy = user.UserId(),
                CreatedByName = user.DisplayName(),
                CreatedAt = DateTime.UtcNow,
            };
            db.Models.Add(stored);
            try
            {
                await db.SaveChangesAsync(ct);
                return stored;
            }
            catch (DbUpdateException) when (attempt < 5)
            {
                db.Entry(stored).State = EntityState.Detached;
            }
        }
    }

    private static async Task<Results<Ok<JsonObject>, NotFound, ProblemHttpResult>> ApproveAsync(
        int version, ClaimsPrincipal user, ScoringDbContext db, RescoreSignal rescore, ILogger<ModelDocument> logger, CancellationToken ct)
    {
        var model = await db.Models.FirstOrDefaultAsync(m => m.Version == version, ct);
        if (model is null) return TypedResults.NotFound();
        var marketing = ModelViews.MarketingApproval(model);
        var sales = ModelViews.SalesApproval(model);
        var outcome = ModelApproval.Decide(model.Status, marketing, sales, user.UserId(), user.RoleName());
        switch (outcome)
        {
            case ApprovalOutcome.WrongRole:
                return Problem(StatusCodes.Status403Forbidden, "Only a marketing user or a sales manager can approve a scoring model.",
                    "A model is the agreement between marketing and sales: each side approves for itself, and an admin cannot approve for either.");
            case ApprovalOutcome.NotApprovable:
                return Problem(StatusCodes.Status409Conflict, $"Model {version} is {model.Status}.", "Only a draft can be approved; save a new draft to change the model.");
            case ApprovalOutcome.SamePersonBothSides:
                return Problem(StatusCodes.Status409Conflict, "The same person cannot approve for both sides.",
                    "You approved this model for the other side; someone else must approve for this one.");
            case ApprovalOutcome.SidePreviouslyApproved:
                var by = ModelApproval.SideOf(user.RoleName()) == ModelApproval.Marketing ? marketing! : sales!;
                return Problem(StatusCodes.Status409Conflict, "Your side has already approved this model.", $"{by.Name} approved it at {by.At:u}.");
            case ApprovalOutcome.AlreadyRecorded:
                return TypedResults.Ok(await ViewAsync(db, model, ct));
        }

        var now = DateTime.UtcNow;
        if (ModelApproval.SideOf(user.RoleName()) == ModelApproval.Marketing)
            (model.MarketingApprovedBy, model.MarketingApprovedByName, model.MarketingApprovedAt) = (user.UserId(), user.DisplayName(), now);
        else
            (model.SalesApprovedBy, model.SalesApprovedByName, model.SalesApprovedAt) = (user.UserId(), user.DisplayName(), now);

        try
        {
            if (outcome == ApprovalOutcome.Activates) await ActivateAsync(db, model, now, ct);
            else await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            return Problem(StatusCodes.Status409Conflict, "The models changed while you approved.", "Someone else approved or activated a model at the same moment; reload and try again.");
        }

        logger.LogInformation("{User} ({Role}) approved scoring model {Version}{Activated}", user.DisplayName(), user.RoleName(), version,
            outcome == ApprovalOutcome.Activates ? "; it is now active" : "");
        if (outcome == ApprovalOutcome.Activates) rescore.Notify();
        return TypedResults.Ok(await ViewAsync(db, model, ct));
    }

    /// <summary>
    /// Retires the active model and activates this one in one transaction (the unique index allows one active model),
    /// publishes ScoringModelActivated through the outbox and queues the rescoring of open leads.
    /// </summary>
    private static async Task ActivateAsync(ScoringDbContext db, StoredModel model, DateTime now, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var previous = await db.Models.Where(m => m.Status == ModelStatus.Active).ToListAsync(ct);
        foreach (var p in previous)
        {
            p.Status = ModelStatus.Retired;
            p.RetiredAt = now;
        }
        await db.SaveChangesAsync(ct);
        model.Status = ModelStatus.Active;
        model.ActivatedAt = now;
        db.RescoreJobs.Add(new RescoreJob { Version = model.Version, Status = "pending", CreatedAt = now });
        db.Publish(new ScoringModelActivated(model.Version.ToString(), now));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    private static async Task<JsonObject> ViewAsync(ScoringDbContext db, StoredModel model, CancellationToken ct) =>
        ModelViews.ToView(model, await db.RescoreJobs.AsNoTracking().FirstOrDefaultAsync(j => j.Version == model.Version, ct));

    internal static ProblemHttpResult Problem(int status, string title, string detail) =>
        TypedResults.Problem(statusCode: status, title: title, detail: detail);
}
