using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Smarketing.EndToEnd.Tests;

/// <summary>The web app's session: HttpOnly cookies set by the gateway, and a CSRF token on every write made with them.</summary>
[Collection(SmarketingCollection.Name)]
[Trait("Category", "EndToEnd")]
public sealed class SessionCookieTests(SmarketingFixture fixture)
{
    [Fact]
    public async Task A_cookie_sign_in_keeps_the_tokens_out_of_page_script_and_writes_need_the_csrf_token()
    {
        var person = await Users.CreatePersonAsync(fixture, "marketing");
        var cookies = new CookieContainer();
        using var browser = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = fixture.Gateway.BaseAddress };

        using var login = await browser.PostAsJsonAsync("/api/auth/login", new { email = person.Email, password = person.Password, session = "cookie" });
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var body = await SmarketingFixture.ReadJsonAsync(login);
        // API.md's fields are all there; the tokens are not in the body but in cookies.
        Assert.Null(body["accessToken"]);
        Assert.Null(body["refreshToken"]);
        Assert.Equal(person.Email, body["user"]!["email"]!.GetValue<string>());
        Assert.True(body["expiresAt"]!.GetValue<DateTime>() > DateTime.UtcNow);
        Assert.Equal("cookie", body["session"]!.GetValue<string>());
        var csrf = body["csrfToken"]!.GetValue<string>();

        var setCookies = login.Headers.GetValues("Set-Cookie").ToList();
        foreach (var name in new[] { "smk_access", "smk_refresh", "smk_csrf" })
        {
            var attributes = setCookies.Single(c => c.StartsWith(name + "=", StringComparison.Ordinal))
                .Split(';').Skip(1).Select(a => a.Trim().ToLowerInvariant()).ToList();
            Assert.Contains("httponly", attributes);
            Assert.Contains("samesite=strict", attributes);
            // Plain HTTP here: Secure is set only when the request came over HTTPS.
            Assert.DoesNotContain("secure", attributes);
        }
        Assert.Contains("path=/api/auth", setCookies.Single(c => c.StartsWith("smk_refresh=", StringComparison.Ordinal)), StringComparison.OrdinalIgnoreCase);

        // Reads work with the cookie alone, downstream too: the gateway turns it into the bearer token.
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/api/reports/funnel")).StatusCode);
        var session = await browser.GetFromJsonAsync<JsonObject>("/api/auth/session");
        Assert.Equal(person.Id, session!["user"]!["id"]!.GetValue<Guid>());

        // A write without the CSRF token is refused before it reaches the service; with it, it works.
        using var forged = await browser.PostAsJsonAsync("/api/leads", Leads.Hot("cookie-csrf"));
        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
        Assert.Equal("application/problem+json", forged.Content.Headers.ContentType?.MediaType);
        using var wrong = Write("/api/leads", Leads.Hot("cookie-csrf"), csrf[..^4] + "AAAA");
        Assert.Equal(HttpStatusCode.Forbidden, (await browser.SendAsync(wrong)).StatusCode);
        using var genuine = Write("/api/leads", Leads.Hot("cookie-csrf"), csrf);
        Assert.Equal(HttpStatusCode.Accepted, (await browser.SendAsync(genuine)).StatusCode);
        using var fromSession = Write("/api/leads", Leads.Hot("cookie-csrf"), session["csrfToken"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Accepted, (await browser.SendAsync(fromSession)).StatusCode);

        // A bearer client is not affected by CSRF: it sends no cookie and gets none of this.
        using var bearer = fixture.Client(person.AccessToken);
        Assert.Equal(HttpStatusCode.Accepted, (await bearer.PostAsJsonAsync("/api/leads", Leads.Hot("cookie-csrf"))).StatusCode);

        // The live stream works with the cookie, without a token in the URL.
        using (var stream = await browser.GetAsync("/api/events/stream", HttpCompletionOption.ResponseHeadersRead))
        {
            Assert.Equal(HttpStatusCode.OK, stream.StatusCode);
            Assert.Equal("text/event-stream", stream.Content.Headers.ContentType?.MediaType);
        }

        // Refreshing with the cookie sets new cookies; the answer again carries no token.
        using var refreshed = Write("/api/auth/refresh", new { }, null);
        using var refresh = await browser.SendAsync(refreshed);
        Assert.Equal(HttpStatusCode.OK, refresh.StatusCode);
        Assert.Null((await SmarketingFixture.ReadJsonAsync(refresh))["accessToken"]);
        var access = cookies.GetCookies(new Uri(fixture.Gateway.BaseAddress!, "/api/"))["smk_access"]!.Value;

        // Signing out with the cookie (and the CSRF token) clears the cookies and ends the session server-side.
        using var logout = Write("/api/auth/logout", new { }, csrf);
        Assert.Equal(HttpStatusCode.NoContent, (await browser.SendAsync(logout)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/api/reports/funnel")).StatusCode);
        using var stolen = fixture.Client(access);
        await Sessions.RefusedWithinBoundAsync(stolen, "/api/reports/funnel");
    }

    private static HttpRequestMessage Write(string path, object body, string? csrf)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        if (csrf is not null) request.Headers.Add("X-CSRF-Token", csrf);
        return request;
    }
}
