using System.Security.Claims;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Smarketing.ServiceDefaults.Security;

namespace Smarketing.Gateway.Identity;

/// <summary><paramref name="Session"/> = "cookie": the web app's sign-in, with the tokens in HttpOnly cookies instead of the body.</summary>
public sealed record LoginRequest(string? Email, string? Password, string? Session = null);
public sealed record RefreshRequest(string? RefreshToken);
public sealed record AcceptInviteRequest(string? Token, string? Password);
public sealed record UserView(Guid Id, string Name, string Email, string Role, Guid? RepId, bool Active);

/// <summary>API.md's sign-in answer. In cookie mode the token fields are null and <c>session</c>/<c>csrfToken</c> appear.</summary>
public sealed record LoginResponse(string? AccessToken, DateTime ExpiresAt, string? RefreshToken, UserView User)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Session { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? CsrfToken { get; init; }
}

/// <summary>Who is signed in with this cookie or token, until when, and the CSRF token for the web app's writes.</summary>
public sealed record SessionView(UserView User, DateTime ExpiresAt, string CsrfToken);

public static class AuthApi
{
    public const int MinPasswordLength = 10;

    public static IEndpointRouteBuilder MapAuthApi(this IEndpointRouteBuilder app)
    {
        var auth = app.MapGroup("/api/auth").AllowAnonymous();
        auth.MapPost("/login", LoginAsync);
        auth.MapPost("/refresh", RefreshAsync);
        auth.MapPost("/logout", LogoutAsync);
        auth.MapPost("/accept-invite", AcceptInviteAsync);
        app.MapGet("/api/auth/me", MeAsync).RequireAuthorization(Policies.Staff);
        app.MapGet("/api/auth/session", SessionAsync).RequireAuthorization(Policies.Staff);
        return app;
    }

    public static async Task<Results<Ok<LoginResponse>, ProblemHttpResult>> LoginAsync(
        LoginRequest request, HttpContext http, IdentityDbContext db, TokenService tokens, IPasswordHasher<AppUser> hasher, TimeProvider clock,
        ILogger<TokenService> logger, CancellationToken ct)
    {
        var email = request.Email?.Trim().ToLowerInvariant() ?? "";
        var user = await db.Users.FirstOrDefaultAsync(u => u.Email == email, ct);
        if (user is not { Active: true, PasswordHash: not null } || string.IsNullOrEmpty(request.Password) ||
            hasher.VerifyHashedPassword(user, user.PasswordHash, request.Password) == PasswordVerificationResult.Failed)
        {
            logger.LogWarning("Failed sign-in for {Email}", email);
            return Unauthorized("The email or password is wrong, or the account is not active.");
        }
        logger.LogInformation("User {UserId} signed in as {Role}", user.Id, user.Role);
        var now = clock.GetUtcNow().UtcDateTime;
        var session = new UserSession { Id = Guid.NewGuid(), UserId = user.Id, CreatedAt = now, ExpiresAt = now + TokenService.RefreshLifetime };
        db.Sessions.Add(session);
        return TypedResults.Ok(await IssueAsync(user, session, request.Session == SessionCookies.CookieMode ? http : null, db, tokens, clock, ct));
    }

    /// <summary>
    /// Rotates the refresh token within its session: the one presented is revoked, so a stolen copy works at most once.
    /// The token comes in the body (API clients) or in the refresh cookie (the web app, which then gets cookies back).
    /// </summary>
    public static async Task<Results<Ok<LoginResponse>, ProblemHttpResult>> RefreshAsync(
        RefreshRequest? request, HttpContext http, IdentityDbContext db, TokenService tokens, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var fromCookie = request?.RefreshToken is null ? http.Request.Cookies[SessionCookies.Refresh] : null;
        var hash = TokenService.Hash(request?.RefreshToken ?? fromCookie ?? "");
        var stored = await db.RefreshTokens.FirstOrDefaultAsync(t => t.TokenHash == hash, ct);
        var user = stored is null ? null : await db.Users.FindAsync([stored.UserId], ct);
        var session = stored?.SessionId is { } sid ? await db.Sessions.FindAsync([sid], ct) : null;
        if (stored is null || stored.RevokedAt is not null || stored.ExpiresAt <= now || session is { RevokedAt: not null } || user is not { Active: true })
        {
            if (fromCookie is not null) SessionCookies.Clear(http);
            return Unauthorized(user is { Active: false } ? "The account is not active." : "The refresh token is not valid.");
        }
        stored.RevokedAt = now;
        if (session is null)
        {
            // A refresh token from before sessions existed: its sign-in becomes a session now.
            session = new UserSession { Id = Guid.NewGuid(), UserId = user.Id, CreatedAt = now };
            db.Sessions.Add(session);
        }
        return TypedResults.Ok(await IssueAsync(user, session, fromCookie is null ? null : http, db, tokens, clock, ct));
    }

    /// <summary>
    /// Ends the session server-side: the session named by the refresh token presented (body or cookie) or by the
    /// caller's access token, its refresh tokens revoked and its access tokens refused on their next request anywhere.
    /// </summary>
    public static async Task<NoContent> LogoutAsync(
        RefreshRequest? request, HttpContext http, IdentityDbContext db, SessionState state, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var presented = request?.RefreshToken ?? http.Request.Cookies[SessionCookies.Refresh];
        Guid? sessionId = null;
        if (presented is not null)
        {
            var hash = TokenService.Hash(presented);
            var stored = await db.RefreshTokens.FirstOrDefaultAsync(t => t.TokenHash == hash, ct);
            if (stored is not null)
            {
                stored.RevokedAt ??= now;
                sessionId = stored.SessionId;
                await db.SaveChangesAsync(ct);
            }
        }
        if (sessionId is null && Guid.TryParse(http.User.FindFirst(ClaimNames.SessionId)?.Value, out var fromToken)) sessionId = fromToken;
        if (sessionId is { } id) await db.EndSessionsAsync(state, s => s.Id == id, now, ct);
        SessionCookies.Clear(http);
        return TypedResults.NoContent();
    }

    public static async Task<Results<Ok<LoginResponse>, ValidationProblem, ProblemHttpResult>> AcceptInviteAsync(
        AcceptInviteRequest request, IdentityDbContext db, TokenService tokens, IPasswordHasher<AppUser> hasher, TimeProvider clock,
        CancellationToken ct)
    {
        if (request.Password is not { Length: >= MinPasswordLength })
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["password"] = [$"at least {MinPasswordLength} characters."] });
        var now = clock.GetUtcNow().UtcDateTime;
        var hash = TokenService.Hash(request.Token ?? "");
        var user = await db.Users.FirstOrDefaultAsync(u => u.InviteTokenHash == hash, ct);
        if (user is not { Active: true } || user.InviteExpiresAt <= now) return Unauthorized("The invitation is not valid or has expired.");
        user.PasswordHash = hasher.HashPassword(user, request.Password);
        user.InviteTokenHash = null;
        user.InviteExpiresAt = null;
        var session = new UserSession { Id = Guid.NewGuid(), UserId = user.Id, CreatedAt = now };
        db.Sessions.Add(session);
        return TypedResults.Ok(await IssueAsync(user, session, null, db, tokens, clock, ct));
    }

    public static async Task<Results<Ok<UserView>, ProblemHttpResult>> MeAsync(System.Security.Claims.ClaimsPrincipal principal, IdentityDbContext db, CancellationToken ct)
    {
        var id = Guid.TryParse(principal.FindFirst("sub")?.Value, out var g) ? g : Guid.Empty;
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == id, ct);
        return user is null ? Unauthorized("Unknown user.") : TypedResults.Ok(ToView(user));
    }

    /// <summary>The web app asks this after a reload: it cannot read its cookies, and needs a CSRF token for its writes.</summary>
    public static async Task<Results<Ok<SessionView>, ProblemHttpResult>> SessionAsync(ClaimsPrincipal principal, HttpContext http, IdentityDbContext db, CancellationToken ct)
    {
        var id = Guid.TryParse(principal.FindFirst("sub")?.Value, out var g) ? g : Guid.Empty;
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == id, ct);
        if (user is null || !long.TryParse(principal.FindFirst("exp")?.Value, out var exp)) return Unauthorized("Unknown user.");
        return TypedResults.Ok(new SessionView(ToView(user), DateTimeOffset.FromUnixTimeSeconds(exp).UtcDateTime, SessionCookies.CsrfToken(http)));
    }

    public static UserView ToView(AppUser u) => new(u.Id, u.Name, u.Email, u.Role, u.RepId, u.Active);

    /// <summary>A new refresh token and access token for the session; with <paramref name="cookiesFor"/>, as cookies.</summary>
    private static async Task<LoginResponse> IssueAsync(AppUser user, UserSession session, HttpContext? cookiesFor, IdentityDbContext db,
        TokenService tokens, TimeProvider clock, CancellationToken ct)
    {
        var refresh = TokenService.NewSecret("rt_");
        session.ExpiresAt = clock.GetUtcNow().UtcDateTime + TokenService.RefreshLifetime;
        db.RefreshTokens.Add(new RefreshToken
        {
            Id = Guid.NewGuid(), UserId = user.Id, SessionId = session.Id, TokenHash = TokenService.Hash(refresh), ExpiresAt = session.ExpiresAt,
        });
        await db.SaveChangesAsync(ct);
        var access = tokens.ForUser(user, session.Id);
        var response = new LoginResponse(access.AccessToken, access.ExpiresAt, refresh, ToView(user));
        return cookiesFor is null ? response : await SessionCookies.SignInAsync(cookiesFor, response, session.ExpiresAt);
    }

    private static ProblemHttpResult Unauthorized(string title) => TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: title);
}
