using System.Security.Claims;

namespace Smarketing.ServiceDefaults.Security;

/// <summary>Who may do what. The four people roles of API.md, plus the role a marketing tool's API key is given.</summary>
public static class Roles
{
    public const string Admin = "admin";
    public const string Marketing = "marketing";
    public const string SalesManager = "sales_manager";
    public const string SalesRep = "sales_rep";
    /// <summary>Not a person: the gateway exchanges a valid X-Api-Key for a short-lived token with this role.</summary>
    public const string CaptureTool = "capture_tool";

    public static readonly IReadOnlySet<string> People = new HashSet<string> { Admin, Marketing, SalesManager, SalesRep };
}

public static class Policies
{
    /// <summary>Send leads and traffic: marketing tools, marketers, admins.</summary>
    public const string Capture = "capture";
    /// <summary>Any signed-in person; sales reps are further limited to their own leads.</summary>
    public const string Staff = "staff";
    /// <summary>Work leads (activities, outcomes): reps on their own, managers and admins on all.</summary>
    public const string Sales = "sales";
    /// <summary>Reports, scoring models: marketing and sales management.</summary>
    public const string Insight = "insight";
    /// <summary>Roster, routing, reassignment.</summary>
    public const string Managers = "managers";
    public const string Admins = "admins";
}

public static class ClaimNames
{
    public const string Role = "role";
    public const string Name = "name";
    public const string Email = "email";
    public const string RepId = "rep_id";
    /// <summary>The sign-in (session) an access token belongs to; signing out ends it.</summary>
    public const string SessionId = "sid";
    /// <summary>The user's token version when the token was issued; a role change or deactivation raises it.</summary>
    public const string TokenVersion = "ver";
}

public static class ClaimsPrincipalExtensions
{
    public static bool IsSalesRep(this ClaimsPrincipal user) => user.IsInRole(Roles.SalesRep);

    /// <summary>The sales-rep record a sales_rep user is linked to.</summary>
    public static Guid? RepId(this ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirst(ClaimNames.RepId)?.Value, out var id) ? id : null;

    /// <summary>A rep may only see and change leads they own; everyone else with access sees all.</summary>
    public static bool MayAccessLeadOf(this ClaimsPrincipal user, Guid? ownerRepId) =>
        !user.IsSalesRep() || (ownerRepId is not null && user.RepId() == ownerRepId);
}
