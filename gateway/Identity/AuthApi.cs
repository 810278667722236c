using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Smarketing.ServiceDefaults.Security;

namespace Smarketing.Gateway.Identity;

public sealed record LoginRequest(string? Email, string? Password);
public sealed record RefreshRequest(string? RefreshToken);
public sealed record AcceptInviteRequest(string? Token, string? Password);
public sealed record UserView(Guid Id, string Name, string Email, string Role, Guid? RepId, bool Active);
public sealed record LoginResponse(string AccessToken, DateTime ExpiresAt, string RefreshToken, UserView User);

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
        return app;
    }

    public static async Task<Results<Ok<LoginResponse>, ProblemHttpResult>> LoginAsync(
        LoginRequest request, IdentityDbContext db, TokenService tokens, IPasswordHasher<AppUser> hasher, TimeProvider clock,
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
        return TypedResults.Ok(await IssueAsync(user, db, tokens, clock, ct));
    }

    /// <summary>Rotates the refresh token: the one presented is revoked, so a stolen copy works at most once.</summary>
    public static async Task<Results<Ok<LoginResponse>, ProblemHttpResult>> RefreshAsync(
        RefreshRequest request, IdentityDbContext db, TokenService tokens, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var hash = TokenService.Hash(request.RefreshToken ?? "");
        var stored = await db.RefreshTokens.FirstOrDefaultAsync(t => t.TokenHash == hash, ct);
        if (stored is null || stored.RevokedAt is not null || stored.ExpiresAt <= now) return Unauthorized("The refresh token is not valid.");
        var user = await db.Users.FindAsync([stored.UserId], ct);
        if (user is not { Active: true }) return Unauthorized("The account is not active.");
        stored.RevokedAt = now;
        return TypedResults.Ok(await IssueAsync(user, db, tokens, clock, ct));
    }

    public static async Task<NoContent> LogoutAsync(RefreshRequest request, IdentityDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var hash = TokenService.Hash(request.RefreshToken ?? "");
        var now = clock.GetUtcNow().UtcDateTime;
        await db.RefreshTokens.Where(t => t.TokenHash == hash && t.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, now), ct);
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
        return TypedResults.Ok(await IssueAsync(user, db, tokens, clock, ct));
    }

    public static async Task<Results<Ok<UserView>, ProblemHttpResult>> MeAsync(System.Security.Claims.ClaimsPrincipal principal, IdentityDbContext db, CancellationToken ct)
    {
        var id = Guid.TryParse(principal.FindFirst("sub")?.Value, out var g) ? g : Guid.Empty;
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == id, ct);
        return user is null ? Unauthorized("Unknown user.") : TypedResults.Ok(ToView(user));
    }

    public static UserView ToView(AppUser u) => new(u.Id, u.Name, u.Email, u.Role, u.RepId, u.Active);

    private static async Task<LoginResponse> IssueAsync(AppUser user, IdentityDbContext db, TokenService tokens, TimeProvider clock, CancellationToken ct)
    {
        var refresh = TokenService.NewSecret("rt_");
        db.RefreshTokens.Add(new RefreshToken
        {
            Id = Guid.NewGuid(), UserId = user.Id, TokenHash = TokenService.Hash(refresh),
            ExpiresAt = clock.GetUtcNow().UtcDateTime + TokenService.RefreshLifetime,
        });
        await db.SaveChangesAsync(ct);
        var access = tokens.ForUser(user);
        return new LoginResponse(access.AccessToken, access.ExpiresAt, refresh, ToView(user));
    }

    private static ProblemHttpResult Unauthorized(string title) => TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: title);
}
