namespace Smarketing.ServiceDefaults.Security;

/// <summary>
/// Where the gateway tells every service which sessions have ended (Redis). PostgreSQL's identity database is the
/// truth; these keys are a copy the gateway writes on every change and rebuilds whenever <see cref="Ready"/> is gone.
/// </summary>
public static class SessionKeys
{
    /// <summary>Present while the copy is whole: after a flush or a Redis without its data, nobody can be trusted.</summary>
    public const string Ready = "smk:auth:ready";

    /// <summary>The user's current token version: an access token carrying a lower one was issued before a role change or deactivation.</summary>
    public static string Version(Guid userId) => $"smk:auth:ver:{userId:N}";

    /// <summary>Set when a session was signed out; kept as long as an access token of that session could still be unexpired.</summary>
    public static string Revoked(Guid sessionId) => $"smk:auth:sid:{sessionId:N}";
}
