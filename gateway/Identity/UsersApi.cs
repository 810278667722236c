using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Smarketing.ServiceDefaults.Security;

namespace Smarketing.Gateway.Identity;

public sealed record InviteRequest(string? Email, string? Name, string? Role, Guid? RepId);
public sealed record InviteResponse(UserView User, string InviteToken, DateTime ExpiresAt);
public sealed record RoleRequest(string? Role, Guid? RepId);

/// <summary>Only admins manage people: invite, change roles, deactivate. A sales_rep user is linked to a rep of the roster.</summary>
public static class UsersApi
{
    private static readonly TimeSpan InviteLifetime = TimeSpan.FromDays(7);

    public static IEndpointRouteBuilder MapUsersApi(this IEndpointRouteBuilder app)
    {
        var users = app.MapGroup("/api/auth/users").RequireAuthorization(Policies.Admins);
        users.MapGet("/", async (IdentityDbContext db, CancellationToken ct) =>
            TypedResults.Ok(await db.Users.AsNoTracking().OrderBy(u => u.Email).Select(u => AuthApi.ToView(u)).ToListAsync(ct)));
        users.MapPost("/", InviteAsync);
        users.MapPut("/{userId:guid}/role", ChangeRoleAsync);
        users.MapPost("/{userId:guid}/deactivate", DeactivateAsync);
        return app;
    }

    public static async Task<Results<Created<InviteResponse>, ValidationProblem, ProblemHttpResult>> InviteAsync(
        InviteRequest request, IdentityDbContext db, RosterClient roster, TimeProvider clock, CancellationToken ct)
    {
        var email = request.Email?.Trim().ToLowerInvariant();
        var errors = new Dictionary<string, string[]>();
        if (email is null || !System.Net.Mail.MailAddress.TryCreate(email, out _)) errors["email"] = ["a valid email is required."];
        if (string.IsNullOrWhiteSpace(request.Name)) errors["name"] = ["name is required."];
        await ValidateRoleAsync(request.Role, request.RepId, roster, errors, ct);
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        if (await db.Users.AnyAsync(u => u.Email == email, ct))
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "A user with this email already exists.");

        var token = TokenService.NewSecret("inv_");
        var user = new AppUser
        {
            Id = Guid.NewGuid(), Email = email!, Name = request.Name!.Trim(), Role = request.Role!,
            RepId = request.Role == Roles.SalesRep ? request.RepId : null, CreatedAt = clock.GetUtcNow().UtcDateTime,
            InviteTokenHash = TokenService.Hash(token), InviteExpiresAt = clock.GetUtcNow().UtcDateTime + InviteLifetime,
        };
        db.Users.Add(user);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/auth/users/{user.Id}", new InviteResponse(AuthApi.ToView(user), token, user.InviteExpiresAt.Value));
    }

    /// <summary>The new role holds from the next request: tokens with the old one are refused, and a refresh issues the new one.</summary>
    public static async Task<Results<Ok<UserView>, NotFound, ValidationProblem>> ChangeRoleAsync(
        Guid userId, RoleRequest request, IdentityDbContext db, RosterClient roster, SessionState state, CancellationToken ct)
    {
        var user = await db.Users.FindAsync([userId], ct);
        if (user is null) return TypedResults.NotFound();
        var errors = new Dictionary<string, string[]>();
        await ValidateRoleAsync(request.Role, request.RepId, roster, errors, ct);
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);
        var repId = request.Role == Roles.SalesRep ? request.RepId : null;
        var changed = user.Role != request.Role || user.RepId != repId;
        user.Role = request.Role!;
        user.RepId = repId;
        if (changed) await db.RaiseTokenVersionAsync(state, user, ct);
        else await db.SaveChangesAsync(ct);
        return TypedResults.Ok(AuthApi.ToView(user));
    }

    /// <summary>Deactivated people cannot sign in or refresh, and their access tokens are refused from the next request on.</summary>
    public static async Task<Results<Ok<UserView>, NotFound>> DeactivateAsync(
        Guid userId, IdentityDbContext db, SessionState state, TimeProvider clock, CancellationToken ct)
    {
        var user = await db.Users.FindAsync([userId], ct);
        if (user is null) return TypedResults.NotFound();
        user.Active = false;
        var now = clock.GetUtcNow().UtcDateTime;
        await db.RaiseTokenVersionAsync(state, user, ct);
        // Refresh tokens from before sessions existed have no session to end.
        await db.RefreshTokens.Where(t => t.UserId == userId && t.RevokedAt == null).ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, now), ct);
        await db.EndSessionsAsync(state, s => s.UserId == userId, now, ct);
        return TypedResults.Ok(AuthApi.ToView(user));
    }

    private static async Task ValidateRoleAsync(string? role, Guid? repId, RosterClient roster, Dictionary<string, string[]> errors, CancellationToken ct)
    {
        if (role is null || !Roles.People.Contains(role))
        {
            errors["role"] = [$"role must be one of: {string.Join(", ", Roles.People)}."];
            return;
        }
        if (role != Roles.SalesRep) return;
        if (repId is null) errors["repId"] = ["a sales_rep user must be linked to a sales rep (repId)."];
        else if (!await roster.RepExistsAsync(repId.Value, ct)) errors["repId"] = [$"no sales rep {repId} in the roster."];
    }
}

/// <summary>Asks the assignment service (through service discovery) whether a rep exists, with a short-lived service token.</summary>
public sealed class RosterClient(HttpClient http, TokenService tokens)
{
    public async Task<bool> RepExistsAsync(Guid repId, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/sales-reps/{repId}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens.ForService().AccessToken);
        using var response = await http.SendAsync(request, ct);
        if (response.StatusCode == HttpStatusCode.NotFound) return false;
        response.EnsureSuccessStatusCode();
        return true;
    }
}
