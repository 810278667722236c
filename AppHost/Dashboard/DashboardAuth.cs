using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Smarketing.AppHost.Dashboard;

/// <summary>
/// Aspire's browser-token sign-in: a token made per run and printed in the console (`/login?t=…`) is traded for
/// an HttpOnly cookie. The cookie carries a second per-run secret, so the token in the URL never becomes the session.
/// </summary>
internal sealed class DashboardAuth
{
    public const string CookieName = "smarketing_dashboard";
    private readonly string _session = NewSecret();

    public string BrowserToken { get; } = NewSecret();

    public bool IsSignedIn(HttpContext http) =>
        http.Request.Cookies.TryGetValue(CookieName, out var value) && SameSecret(value, _session);

    /// <summary>Everything but the sign-in page needs the cookie: the API answers 401, pages go to the sign-in page.</summary>
    public async Task RequireSignIn(HttpContext http, RequestDelegate next)
    {
        if (http.Request.Path.StartsWithSegments("/login") || IsSignedIn(http))
        {
            await next(http);
            return;
        }
        if (http.Request.Path.StartsWithSegments("/api"))
        {
            await Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Sign in to the dashboard",
                detail: "Open the /login?t=… link the AppHost printed on start.").ExecuteAsync(http);
            return;
        }
        http.Response.Redirect("/login");
    }

    public void MapLogin(IEndpointRouteBuilder app)
    {
        app.MapGet("/login", (HttpContext http, string? t) =>
        {
            if (t is null) return LoginPage(null);
            if (!SameSecret(t, BrowserToken)) return LoginPage("That token is not this run's. Copy the link the AppHost printed on start.");
            http.Response.Cookies.Append(CookieName, _session, new CookieOptions
            {
                HttpOnly = true,
                SameSite = SameSiteMode.Strict,
                Path = "/",
                IsEssential = true,
            });
            return Results.Redirect("/");
        });
        app.MapPost("/api/logout", (HttpContext http) =>
        {
            http.Response.Cookies.Delete(CookieName, new CookieOptions { Path = "/" });
            return Results.NoContent();
        });
    }

    private static IResult LoginPage(string? error)
    {
        var message = error is null ? "" : $"""<p class="error" data-testid="login-error">{WebUtility.HtmlEncode(error)}</p>""";
        var html = $$"""
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>Smarketing dashboard: sign in</title>
            <style>
              body { font: 15px system-ui, sans-serif; background: #f4f5f7; color: #1d2330; display: grid; place-items: center; height: 100vh; margin: 0; }
              form { background: #fff; padding: 2rem; border-radius: 8px; box-shadow: 0 1px 4px #0002; width: 28rem; }
              input { width: 100%; box-sizing: border-box; padding: .5rem; margin: .5rem 0 1rem; font: inherit; }
              button { padding: .5rem 1.2rem; font: inherit; background: #2456c9; color: #fff; border: 0; border-radius: 4px; cursor: pointer; }
              .error { color: #b3261e; }
            </style></head>
            <body><form method="get" action="/login">
              <h1>Smarketing dashboard</h1>
              <p>Paste the browser token the AppHost printed on start (the <code>t</code> in its <code>/login?t=…</code> link).</p>
              {{message}}
              <label for="t">Browser token</label>
              <input id="t" name="t" type="password" autocomplete="off" data-testid="login-token" autofocus>
              <button type="submit" data-testid="login-submit">Sign in</button>
            </form></body></html>
            """;
        return Results.Content(html, "text/html; charset=utf-8", Encoding.UTF8, error is null ? 200 : 401);
    }

    private static bool SameSecret(string given, string expected) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(expected));

    private static string NewSecret() => Base64Url(RandomNumberGenerator.GetBytes(32));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
