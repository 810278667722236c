using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Smarketing.ServiceDefaults.Security;

namespace Smarketing.Gateway.Identity;

public sealed record CreateApiKeyRequest(string? Name, int? PermitsPerSecond, int? Burst);
public sealed record ApiKeyView(Guid KeyId, string Name, string Prefix, DateTime CreatedAt, DateTime? LastUsedAt, DateTime? RevokedAt, int PermitsPerSecond, int Burst);
public sealed record CreatedApiKey(ApiKeyView ApiKey, string Key);

/// <summary>One key per marketing tool, created by an admin: shown once, stored hashed, revocable at once.</summary>
public static class ApiKeysApi
{
    public const int DefaultPermitsPerSecond = 100;
    public const int DefaultBurst = 200;

    public static IEndpointRouteBuilder MapApiKeysApi(this IEndpointRouteBuilder app)
    {
        var keys = app.MapGroup("/api/auth/api-keys").RequireAuthorization(Policies.Admins);
        keys.MapGet("/", async (IdentityDbContext db, CancellationToken ct) =>
            TypedResults.Ok(await db.ApiKeys.AsNoTracking().OrderBy(k => k.CreatedAt).Select(k => ToView(k)).ToListAsync(ct)));
        keys.MapPost("/", CreateAsync);
        keys.MapDelete("/{keyId:guid}", RevokeAsync);
        return app;
    }

    public static async Task<Results<Created<CreatedApiKey>, ValidationProblem>> CreateAsync(
        CreateApiKeyRequest request, IdentityDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Length > 200) errors["name"] = ["name is required (at most 200 characters)."];
        if (request.PermitsPerSecond is < 1 or > 100_000) errors["permitsPerSecond"] = ["between 1 and 100000."];
        if (request.Burst is < 1 or > 100_000) errors["burst"] = ["between 1 and 100000."];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors);

        var secret = TokenService.NewSecret("smk_");
        var key = NewKey(request.Name!.Trim(), secret, clock.GetUtcNow().UtcDateTime, request.PermitsPerSecond, request.Burst);
        db.ApiKeys.Add(key);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/auth/api-keys/{key.Id}", new CreatedApiKey(ToView(key), secret));
    }

    public static async Task<Results<NoContent, NotFound>> RevokeAsync(Guid keyId, IdentityDbContext db, ApiKeyStore store, TimeProvider clock, CancellationToken ct)
    {
        var key = await db.ApiKeys.FindAsync([keyId], ct);
        if (key is null) return TypedResults.NotFound();
        key.RevokedAt ??= clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
        await store.ForgetAsync(key.KeyHash);
        return TypedResults.NoContent();
    }

    public static ApiKey NewKey(string name, string secret, DateTime now, int? permitsPerSecond = null, int? burst = null) => new()
    {
        Id = Guid.NewGuid(), Name = name, KeyHash = TokenService.Hash(secret), Prefix = secret[..Math.Min(8, secret.Length)],
        CreatedAt = now, PermitsPerSecond = permitsPerSecond ?? DefaultPermitsPerSecond, Burst = burst ?? DefaultBurst,
    };

    private static ApiKeyView ToView(ApiKey k) => new(k.Id, k.Name, k.Prefix, k.CreatedAt, k.LastUsedAt, k.RevokedAt, k.PermitsPerSecond, k.Burst);
}
