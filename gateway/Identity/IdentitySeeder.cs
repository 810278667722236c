using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Smarketing.ServiceDefaults.Security;

namespace Smarketing.Gateway.Identity;

/// <summary>
/// A fresh install gets its first admin (admin@smarketing.local) and first capture key from the secrets
/// the AppHost generated (and printed once) or the operator gave; nothing is hard-coded.
/// </summary>
public static class IdentitySeeder
{
    public const string AdminEmail = "admin@smarketing.local";

    public static async Task SeedIdentityAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IdentityDbContext>();
        var hasher = scope.ServiceProvider.GetRequiredService<IPasswordHasher<AppUser>>();
        var options = app.Configuration.GetSection(GatewayOptions.Section).Get<GatewayOptions>() ?? new GatewayOptions();
        var now = DateTime.UtcNow;

        if (!await db.Users.AnyAsync() && !string.IsNullOrEmpty(options.AdminPassword))
        {
            var admin = new AppUser { Id = Guid.NewGuid(), Email = AdminEmail, Name = "Administrator", Role = Roles.Admin, CreatedAt = now };
            admin.PasswordHash = hasher.HashPassword(admin, options.AdminPassword);
            db.Users.Add(admin);
            app.Logger.LogInformation("Created the first admin user {Email}", AdminEmail);
        }
        foreach (var secret in options.ApiKeys.Where(k => !string.IsNullOrEmpty(k)))
        {
            var hash = TokenService.Hash(secret);
            if (await db.ApiKeys.AnyAsync(k => k.KeyHash == hash)) continue;
            db.ApiKeys.Add(ApiKeysApi.NewKey("first-run key", secret, now));
            app.Logger.LogInformation("Registered the first-run capture API key");
        }
        await db.SaveChangesAsync();
    }
}
