using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Nodes;
using Smarketing.Scoring.Data;
using Smarketing.Scoring.Domain;

namespace Smarketing.Scoring.Api;

public sealed record ApprovalView(string UserId, string Name, DateTime At);

public sealed record RescoreView(string Status, int Done, int Total, DateTime? StartedAt, DateTime? FinishedAt);

/// <summary>
/// A model as people read it: the document's own fields (rules, gradeCutoffs, qualification, decay, …) at the top level,
/// so a GET can be edited and POSTed back as the next draft, plus its version, status and approvals.
/// </summary>
public static class ModelViews
{
    public static JsonObject ToView(StoredModel m, RescoreJob? job = null)
    {
        var view = JsonSerializer.SerializeToNode(ModelRepository.Deserialize(m.Document), ModelRepository.DocumentJson)!.AsObject();
        var marketing = MarketingApproval(m);
        var sales = SalesApproval(m);
        var meta = new JsonObject
        {
            ["version"] = m.Version,
            ["modelVersion"] = m.Version.ToString(),
            ["status"] = ModelApproval.DisplayStatus(m.Status, marketing, sales),
            ["approvals"] = JsonSerializer.SerializeToNode(new { marketing, sales }, Web),
            ["createdBy"] = m.CreatedByName,
            ["createdAt"] = m.CreatedAt,
            ["activatedAt"] = m.ActivatedAt,
            ["retiredAt"] = m.RetiredAt,
            ["rescore"] = job is null ? null : JsonSerializer.SerializeToNode(new RescoreView(job.Status, job.Done, job.Total, job.StartedAt, job.FinishedAt), Web),
        };
        foreach (var (key, value) in view.ToList())
        {
            view.Remove(key);
            meta[key] = value;
        }
        return meta;
    }

    public static Approval? MarketingApproval(StoredModel m) =>
        m.MarketingApprovedBy is null ? null : new Approval(m.MarketingApprovedBy, m.MarketingApprovedByName ?? "", m.MarketingApprovedAt!.Value);

    public static Approval? SalesApproval(StoredModel m) =>
        m.SalesApprovedBy is null ? null : new Approval(m.SalesApprovedBy, m.SalesApprovedByName ?? "", m.SalesApprovedAt!.Value);

    public static string UserId(this ClaimsPrincipal user) => user.FindFirst("sub")?.Value ?? "";

    public static string DisplayName(this ClaimsPrincipal user) =>
        user.FindFirst("name")?.Value ?? user.FindFirst("email")?.Value ?? user.UserId();

    public static string RoleName(this ClaimsPrincipal user) => user.FindFirst("role")?.Value ?? "";

    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);
}
