using Smarketing.ServiceDefaults.Security;
using Smarketing.Scoring.Domain;

namespace Smarketing.Scoring.Api;

public sealed record RuleView(string Id, string Category, int Points, string Explanation);

public sealed record ModelView(
    string Version, string Status, IReadOnlyList<RuleView> Rules,
    IReadOnlyDictionary<string, int> GradeCutoffs, IReadOnlyDictionary<string, int> Qualification);

public static class ScoringApi
{
    public static IEndpointRouteBuilder MapScoringApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/scoring/models").RequireAuthorization(Policies.Staff);
        api.MapGet("/active", (ScoringModel model) => TypedResults.Ok(ToView(model)));
        api.MapGet("/", (ScoringModel model) => TypedResults.Ok(new[] { ToView(model) }));
        return app;
    }

    private static ModelView ToView(ScoringModel model) => new(
        model.Version,
        "active",
        model.Rules.Select(r => new RuleView(r.Id, r.Category, r.Points, r.Explanation)).ToList(),
        new Dictionary<string, int> { ["A"] = model.GradeA, ["B"] = model.GradeB, ["C"] = model.GradeC },
        new Dictionary<string, int> { ["mql"] = model.MqlThreshold, ["sql"] = model.SqlThreshold });
}
