using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Smarketing.Gateway.Identity;

/// <summary>
/// The web app's session lives in cookies page script cannot read (HttpOnly, SameSite=Strict, Secure over HTTPS): the
/// access token for /api, the refresh token only for /api/auth. Writes made with them need the antiforgery token.
/// </summary>
public static class SessionCookies
{
    public const string Access = "smk_access";
    public const string Refresh = "smk_refresh";
    public const string Antiforgery = "smk_csrf";
    public const string CsrfHeader = "X-CSRF-Token";
    /// <summary>The value of the login body's <c>session</c> field that asks for cookies instead of tokens in the body.</summary>
    public const string CookieMode = "cookie";

    /// <summary>Sets the cookies and answers without the tokens (the JSON keeps its fields), with the CSRF token instead.</summary>
    public static async Task<LoginResponse> SignInAsync(HttpContext http, LoginResponse issued, DateTime refreshExpires)
    {
        http.Response.Cookies.Append(Access, issued.AccessToken!, Options(http, "/api", issued.ExpiresAt));
        http.Response.Cookies.Append(Refresh, issued.RefreshToken!, Options(http, "/api/auth", refreshExpires));
        // The CSRF token is bound to the user, so it is made for the principal of the token just issued.
        var jwt = http.RequestServices.GetRequiredService<IOptionsMonitor<JwtBearerOptions>>().Get(JwtBearerDefaults.AuthenticationScheme);
        var validated = await new JsonWebTokenHandler().ValidateTokenAsync(issued.AccessToken, jwt.TokenValidationParameters);
        http.User = new System.Security.Claims.ClaimsPrincipal(validated.ClaimsIdentity);
        return issued with { AccessToken = null, RefreshToken = null, Session = CookieMode, CsrfToken = CsrfToken(http) };
    }

    public static string CsrfToken(HttpContext http) =>
        http.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(http).RequestToken!;

    public static void Clear(HttpContext http)
    {
        http.Response.Cookies.Delete(Access, Options(http, "/api", null));
        http.Response.Cookies.Delete(Refresh, Options(http, "/api/auth", null));
    }

    public static IServiceCollection AddSessionCookies(this IServiceCollection services)
    {
        services.AddAntiforgery(o =>
        {
            o.HeaderName = CsrfHeader;
            o.Cookie.Name = Antiforgery;
            o.Cookie.Path = "/api";
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });
        // Every gateway replica must verify the others' antiforgery tokens: one key ring, in the identity database.
        services.AddDataProtection().SetApplicationName("smarketing-gateway").PersistKeysToDbContext<IdentityDbContext>();
        return services;
    }

    private static CookieOptions Options(HttpContext http, string path, DateTime? expires) => new()
    {
        HttpOnly = true,
        Secure = http.Request.IsHttps,
        SameSite = SameSiteMode.Strict,
        Path = path,
        Expires = expires is { } at ? new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc)) : null,
    };
}
