using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Smarketing.ServiceDefaults.Security;

/// <summary>One route as the running process enforces it: anonymous, any signed-in caller, or only the roles listed.</summary>
public sealed record RouteRule(string Method, string Route, string Access, IReadOnlyList<string> Roles, IReadOnlyList<string> Policies);

/// <summary>
/// Logs every route with its effective authorization once at startup, so the end-to-end authorization matrix works
/// from the routes the code really maps (a new route without an expected rule fails it) instead of a hand-kept list.
/// </summary>
public static class RouteTable
{
    public const string LogCategory = "Smarketing.RouteTable";
    public const string Anonymous = "anonymous";
    public const string Authenticated = "authenticated";
    public const string RolesOnly = "roles";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static WebApplication LogRouteTableOnStart(this WebApplication app)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(LogCategory);
        app.Lifetime.ApplicationStarted.Register(() => _ = LogAsync(app.Services, logger));
        return app;
    }

    private static async Task LogAsync(IServiceProvider services, ILogger logger)
    {
        try
        {
            logger.LogInformation("Route table: {RouteTable}", JsonSerializer.Serialize(await ReadAsync(services), Json));
        }
        catch (Exception ex) when (ex is InvalidOperationException or ObjectDisposedException)
        {
            logger.LogWarning(ex, "Could not read the route table");
        }
    }

    /// <summary>The policy each endpoint gets as the authorization middleware would combine it (endpoint metadata, else the fallback).</summary>
    public static async Task<IReadOnlyList<RouteRule>> ReadAsync(IServiceProvider services)
    {
        var provider = services.GetRequiredService<IAuthorizationPolicyProvider>();
        var fallback = await provider.GetFallbackPolicyAsync();
        var rules = new List<RouteRule>();
        foreach (var endpoint in services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var metadata = endpoint.Metadata;
            var authorizeData = metadata.GetOrderedMetadata<IAuthorizeData>();
            var policy = metadata.GetMetadata<IAllowAnonymous>() is not null
                ? null
                : await AuthorizationPolicy.CombineAsync(provider, authorizeData, metadata.GetOrderedMetadata<AuthorizationPolicy>()) ?? fallback;
            var roles = policy?.Requirements.OfType<RolesAuthorizationRequirement>().SelectMany(r => r.AllowedRoles).Distinct().Order().ToList() ?? [];
            var access = policy is null ? Anonymous : roles.Count > 0 ? RolesOnly : Authenticated;
            var policies = authorizeData.Select(a => a.Policy).OfType<string>().Distinct().ToList();
            var methods = metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods is { Count: > 0 } listed ? listed : ["*"];
            rules.AddRange(methods.Select(method => new RouteRule(method, endpoint.RoutePattern.RawText ?? "", access, roles, policies)));
        }
        return rules;
    }
}
