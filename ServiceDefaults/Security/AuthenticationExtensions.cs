using System.Text;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;
using Smarketing.ServiceDefaults.Security;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Every service validates the gateway-issued token itself (signature, issuer, audience, lifetime) and
/// enforces roles on its own endpoints; the signing key is a per-install secret given by the AppHost.
/// </summary>
public static class AuthenticationExtensions
{
    public const string Issuer = "smarketing";
    public const string Audience = "smarketing";

    public static SymmetricSecurityKey SigningKey(IConfiguration configuration)
    {
        var key = configuration["Auth:SigningKey"];
        if (string.IsNullOrWhiteSpace(key) || key.Length < 32)
            throw new InvalidOperationException("Auth:SigningKey (at least 32 characters) is not set; the AppHost passes it as Auth__SigningKey.");
        return new SymmetricSecurityKey(Encoding.UTF8.GetBytes(key));
    }

    /// <summary>The server-sent live updates of the gateway.</summary>
    public const string LiveStreamPath = "/api/events/stream";

    public static TBuilder AddDefaultAuthentication<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        var key = SigningKey(builder.Configuration);
        // Every service reads the session state the gateway keeps in Redis (see SessionCheck).
        builder.AddServiceCache();
        builder.Services.AddSingleton<SessionCheck>();
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(options =>
        {
            options.MapInboundClaims = false;
            options.TokenValidationParameters = new TokenValidationParameters
            {
                ValidIssuer = Issuer,
                ValidAudience = Audience,
                IssuerSigningKey = key,
                ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
                NameClaimType = ClaimNames.Name,
                RoleClaimType = ClaimNames.Role,
                ClockSkew = TimeSpan.FromSeconds(30),
            };
            options.Events = new JwtBearerEvents
            {
                // API clients' EventSource cannot send headers: the live stream alone also takes the token from the query.
                OnMessageReceived = context =>
                {
                    if (context.Request.Path.Equals(LiveStreamPath, StringComparison.OrdinalIgnoreCase) &&
                        context.Request.Query[SecretUrls.AccessTokenParameter] is { Count: 1 } token)
                    {
                        context.Token = token.ToString();
                    }
                    return Task.CompletedTask;
                },
                OnTokenValidated = SessionEvents.OnTokenValidatedAsync,
                OnChallenge = SessionEvents.OnChallengeAsync,
            };
        });
        builder.Services.AddAuthorizationBuilder()
            // Deny by default: an endpoint (or an unknown path) without its own policy still needs a signed-in caller.
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(Policies.Capture, p => p.RequireRole(Roles.Admin, Roles.Marketing, Roles.CaptureTool))
            .AddPolicy(Policies.Staff, p => p.RequireRole(Roles.Admin, Roles.Marketing, Roles.SalesManager, Roles.SalesRep))
            .AddPolicy(Policies.Sales, p => p.RequireRole(Roles.Admin, Roles.SalesManager, Roles.SalesRep))
            .AddPolicy(Policies.Insight, p => p.RequireRole(Roles.Admin, Roles.Marketing, Roles.SalesManager))
            .AddPolicy(Policies.Managers, p => p.RequireRole(Roles.Admin, Roles.SalesManager))
            .AddPolicy(Policies.Admins, p => p.RequireRole(Roles.Admin));
        return builder;
    }
}
