namespace Smarketing.Scoring.Domain;

/// <summary>Who approved one side of a model, and when.</summary>
public sealed record Approval(string UserId, string Name, DateTime At);

public enum ApprovalOutcome { Recorded, AlreadyRecorded, Activates, NotApprovable, WrongRole, SidePreviouslyApproved, SamePersonBothSides }

/// <summary>
/// A model becomes active only when a marketing user and a sales manager (two different people) both approved it.
/// Admins run the install but do not speak for either side, so they cannot approve.
/// </summary>
public static class ModelApproval
{
    public const string Marketing = "marketing";
    public const string Sales = "sales";

    public static string? SideOf(string role) => role switch
    {
        "marketing" => Marketing,
        "sales_manager" => Sales,
        _ => null,
    };

    public static ApprovalOutcome Decide(string status, Approval? marketing, Approval? sales, string userId, string role)
    {
        if (status != ModelStatus.Draft) return ApprovalOutcome.NotApprovable;
        var side = SideOf(role);
        if (side is null) return ApprovalOutcome.WrongRole;
        var (mine, other) = side == Marketing ? (marketing, sales) : (sales, marketing);
        if (mine is not null) return mine.UserId == userId ? ApprovalOutcome.AlreadyRecorded : ApprovalOutcome.SidePreviouslyApproved;
        if (other is not null && other.UserId == userId) return ApprovalOutcome.SamePersonBothSides;
        return other is null ? ApprovalOutcome.Recorded : ApprovalOutcome.Activates;
    }

    /// <summary>The status shown to people: a stored draft with one approval reads "approved-by-one-side".</summary>
    public static string DisplayStatus(string status, Approval? marketing, Approval? sales) =>
        status == ModelStatus.Draft && (marketing is not null || sales is not null) ? "approved-by-one-side" : status;
}

public static class ModelStatus
{
    public const string Draft = "draft";
    public const string Active = "active";
    public const string Retired = "retired";
}
