using MassTransit;
using Microsoft.AspNetCore.Identity;
using Smarketing.Gateway.Identity;

namespace Smarketing.Gateway;

public static class GatewayServices
{
    public static IHostApplicationBuilder AddGatewayServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<GatewayOptions>().BindConfiguration(GatewayOptions.Section);
        // Each cluster's one destination is the service's name (http://scoring); Aspire's service discovery resolves it to
        // the address the AppHost gave (services__scoring__http__0), where DCP spreads requests over the replicas.
        builder.Services.AddReverseProxy()
            .LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"))
            .AddServiceDiscoveryDestinationResolver();
        // The gateway only passes requests on; each service authorises its own routes (and denies unknown ones).
        builder.Services.AddAuthorizationBuilder().SetFallbackPolicy(null);

        builder.AddServiceDatabase<IdentityDbContext>("identitydb");
        builder.AddServiceCache("cache");
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<TokenService>();
        builder.Services.AddSingleton<ApiKeyStore>();
        builder.Services.AddSingleton<TokenBucket>();
        builder.Services.AddSingleton<SessionState>();
        builder.Services.AddHostedService<SessionStateSync>();
        builder.Services.AddSessionCookies();
        builder.Services.AddSingleton<IPasswordHasher<AppUser>, PasswordHasher<AppUser>>();
        builder.Services.AddHttpClient<RosterClient>(http => http.BaseAddress = new Uri("http://assignment"));
        builder.Services.AddSingleton<LiveUpdateHub>();
        builder.AddMessaging("gateway", bus =>
            // A temporary queue per replica (deleted when it stops): every replica hears every event for its own streams.
            bus.AddConsumer<LiveUpdateConsumer>().Endpoint(e =>
            {
                e.Temporary = true;
                e.InstanceId = Guid.NewGuid().ToString("N")[..8];
            }));
        return builder;
    }
}

public sealed class GatewayOptions
{
    public const string Section = "Gateway";

    /// <summary>The first-run capture key(s), given by the AppHost (generated per install, never in the repo).</summary>
    public List<string> ApiKeys { get; set; } = [];

    /// <summary>The first admin's password, given by the AppHost; used only when there are no users yet.</summary>
    public string? AdminPassword { get; set; }

    /// <summary>The built web front end (gateway/web/dist), given by the AppHost; without it only the API is served.</summary>
    public string? WebRoot { get; set; }
}
