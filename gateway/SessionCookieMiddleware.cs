using Microsoft.AspNetCore.Antiforgery;
using Smarketing.Gateway.Identity;

namespace Smarketing.Gateway;

/// <summary>
/// Turns the web app's access cookie into the Bearer header every service validates (as ApiKeyMiddleware does for
/// X-Api-Key). A caller that sends its own Authorization header or an API key is left alone.
/// </summary>
public sealed class SessionCookieMiddleware(RequestDelegate next)
{
    private static readonly object FromCookie = new();

    public static bool IsFromCookie(HttpContext context) => context.Items.ContainsKey(FromCookie);

    public Task InvokeAsync(HttpContext context)
    {
        var headers = context.Request.Headers;
        if (headers.Authorization.Count == 0 && !headers.ContainsKey(ApiKeyMiddleware.HeaderName) &&
            context.Request.Cookies[SessionCookies.Access] is { Length: > 0 } token)
        {
            headers.Authorization = "Bearer " + token;
            context.Items[FromCookie] = true;
        }
        return next(context);
    }
}

/// <summary>
/// A write authenticated by the cookie must carry the antiforgery token (X-CSRF-Token) that only the web app's own
/// pages can obtain; without it: 403. Bearer callers are not at risk (a browser never adds that header by itself).
/// </summary>
public sealed class CsrfMiddleware(RequestDelegate next, IAntiforgery antiforgery)
{
    private static readonly HashSet<string> ExemptPaths = new(StringComparer.OrdinalIgnoreCase) { "/api/auth/login", "/api/auth/refresh" };

    public async Task InvokeAsync(HttpContext context)
    {
        var method = context.Request.Method;
        var safe = HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method) || HttpMethods.IsTrace(method);
        // An unauthenticated cookie (expired, signed out) changes nothing anyway: the service answers 401. Signing in
        // proves itself with the password and refreshing with the refresh cookie, which no other site's request carries.
        if (!safe && SessionCookieMiddleware.IsFromCookie(context) && context.User.Identity?.IsAuthenticated == true &&
            !ExemptPaths.Contains(context.Request.Path.Value ?? ""))
        {
            try
            {
                await antiforgery.ValidateRequestAsync(context);
            }
            catch (AntiforgeryValidationException)
            {
                await Results.Problem(statusCode: StatusCodes.Status403Forbidden,
                    title: $"A write with the session cookie needs the {SessionCookies.CsrfHeader} header from GET /api/auth/session.")
                    .ExecuteAsync(context);
                return;
            }
        }
        await next(context);
    }
}
