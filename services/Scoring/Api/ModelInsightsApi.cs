using System.Security.Claims;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Smarketing.Scoring.Data;
using Smarketing.Scoring.Domain;

namespace Smarketing.Scoring.Api;

public sealed record BacktestResponse(
    int Version, string ModelVersion, int Leads, int Won, int NotWon, int Flagged, double? WinRate,
    IReadOnlyList<GradeStats> Grades, double? Auc, double? LiftA, BacktestSide? Active);

public sealed record BacktestSide(int Version, string ModelVersion, IReadOnlyList<GradeStats> Grades, double? Auc, double? LiftA, double? WinRate);

/// <summary>Proving a model on what actually closed: backtests, and a draft learned from that history.</summary>
public static class ModelInsightsApi
{
    public static async Task<Results<Ok<BacktestResponse>, NotFound>> BacktestAsync(
        int version, ScoringDbContext db, ModelRepository models, CancellationToken ct)
    {
        var model = await models.GetAsync(db, version, ct);
        if (model is null) return TypedResults.NotFound();
        var history = await LabelledHistory.LoadAsync(db, ct);
        var flagged = await db.LeadFlags.CountAsync(f => !db.LeadOutcomes.Any(o => o.LeadId == f.LeadId && o.Result == "won"), ct);

        var result = Backtest.Run(model.Value.Model, history);
        var activeVersion = await db.Models.Where(m => m.Status == ModelStatus.Active).Select(m => (int?)m.Version).FirstOrDefaultAsync(ct);
        BacktestSide? active = null;
        if (activeVersion is { } av && (await models.GetAsync(db, av, ct)) is { } activeModel)
        {
            var a = av == version ? result : Backtest.Run(activeModel.Model, history);
            active = new BacktestSide(av, av.ToString(), a.Grades, a.Auc, a.LiftA, a.WinRate);
        }
        return TypedResults.Ok(new BacktestResponse(version, version.ToString(), result.Leads, result.Won, result.Leads - result.Won, flagged,
            result.WinRate, result.Grades, result.Auc, result.LiftA, active));
    }

    public static async Task<Results<Created<JsonObject>, ProblemHttpResult>> SuggestAsync(
        ClaimsPrincipal user, ScoringDbContext db, ModelRepository models, ILogger<ModelDocument> logger, CancellationToken ct)
    {
        var history = await LabelledHistory.LoadAsync(db, ct);
        var won = history.Count(h => h.Won);
        if (ModelLearner.WhyNot(history.Count, won, history.Count - won) is { } reason)
            return ModelsApi.Problem(StatusCodes.Status422UnprocessableEntity, "Not enough closed leads to learn from yet.", reason);

        var (document, model) = await models.ActiveAsync(db, ct);
        var learned = ModelLearner.Learn(document, model, history);
        var errors = ModelValidator.Validate(learned.Document);
        if (errors.Count > 0)
            return ModelsApi.Problem(StatusCodes.Status422UnprocessableEntity, "The learned model is not usable.",
                string.Join(" ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")));

        var stored = await ModelsApi.SaveDraftAsync(db, learned.Document, user, ct);
        logger.LogInformation("{User} had draft {Version} learned from {Leads} leads ({Won} won); log-loss {Loss:0.000} after {Iterations} iterations",
            user.DisplayName(), stored.Version, learned.Leads, learned.Won, learned.Fit.Loss, learned.Fit.Iterations);
        var view = ModelViews.ToView(stored);
        view["learnedFrom"] = new JsonObject { ["leads"] = learned.Leads, ["won"] = learned.Won, ["notWon"] = learned.NotWon };
        return TypedResults.Created($"/api/scoring/models/{stored.Version}", view);
    }
}
