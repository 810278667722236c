using System.Net;
using System.Net.Http.Json;

namespace Smarketing.EndToEnd.Tests;

/// <summary>Sessions end when they should: sign-out, deactivation and a role change hold in every service from the next request.</summary>
[Collection(SmarketingCollection.Name)]
[Trait("Category", "EndToEnd")]
public sealed class SessionTests(SmarketingFixture fixture)
{
    [Fact]
    public async Task After_sign_out_the_old_access_token_gets_401_at_a_downstream_service_and_the_refresh_token_is_dead()
    {
        var person = await Users.CreatePersonAsync(fixture, "marketing");
        using var client = fixture.Client(person.AccessToken);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/reports/funnel")).StatusCode);

        using var anonymous = fixture.Client();
        Assert.Equal(HttpStatusCode.NoContent, (await anonymous.PostAsJsonAsync("/api/auth/logout", new { refreshToken = person.RefreshToken })).StatusCode);

        await Sessions.RefusedWithinBoundAsync(client, "/api/reports/funnel");
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/scoring/models")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = person.RefreshToken })).StatusCode);
        Assert.Equal(1L, await fixture.QueryAsync<long>("identitydb",
            """SELECT count(*) FROM sessions WHERE "UserId" = @user AND "RevokedAt" IS NOT NULL""", ("user", person.Id)));
    }

    [Fact]
    public async Task Signing_out_with_only_the_access_token_ends_that_session_and_no_other()
    {
        var person = await Users.CreatePersonAsync(fixture, "marketing");
        var second = await SignInAsync(person);
        using var first = fixture.Client(person.AccessToken);
        using var other = fixture.Client(second);

        Assert.Equal(HttpStatusCode.NoContent, (await first.PostAsync("/api/auth/logout", null)).StatusCode);

        await Sessions.RefusedWithinBoundAsync(first, "/api/scoring/models");
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync("/api/scoring/models")).StatusCode);
    }

    [Fact]
    public async Task Deactivating_a_user_refuses_their_token_at_every_service_within_the_cache_bound()
    {
        var person = await Users.CreatePersonAsync(fixture, "sales_manager");
        using var client = fixture.Client(person.AccessToken);
        // Warm every service's cache with a live answer first: the bound is what matters, not a cold lookup.
        var routes = new[] { "/api/scoring/models", "/api/sales-reps", "/api/followups/cadences", "/api/reports/funnel", "/api/auth/me" };
        foreach (var route in routes) Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(route)).StatusCode);
        // Ingestion: a manager may not capture (403), which shows the token itself was accepted there.
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsJsonAsync("/api/leads", new { })).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await fixture.Gateway.PostAsync($"/api/auth/users/{person.Id}/deactivate", null)).StatusCode);

        foreach (var route in routes) await Sessions.RefusedWithinBoundAsync(client, route);
        await Sessions.RefusedWithinBoundAsync(client, "/api/leads", method: HttpMethod.Post);
        using var anonymous = fixture.Client();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = person.RefreshToken })).StatusCode);
    }

    [Fact]
    public async Task After_a_role_change_the_old_token_is_refused_and_a_refreshed_one_carries_the_new_role()
    {
        var person = await Users.CreatePersonAsync(fixture, "sales_manager");
        using var client = fixture.Client(person.AccessToken);
        // Managers only: an empty body is a 400 for a manager (let in, then validated), a 403 for anyone else.
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsJsonAsync("/api/sales-reps", new { })).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await fixture.Gateway.PutAsJsonAsync($"/api/auth/users/{person.Id}/role", new { role = "marketing" })).StatusCode);

        await Sessions.RefusedWithinBoundAsync(client, "/api/sales-reps", method: HttpMethod.Post);
        using var anonymous = fixture.Client();
        var refreshed = await anonymous.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = person.RefreshToken });
        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
        var body = await SmarketingFixture.ReadJsonAsync(refreshed);
        Assert.Equal("marketing", body["user"]!["role"]!.GetValue<string>());
        using var asMarketer = fixture.Client(body["accessToken"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Forbidden, (await asMarketer.PostAsJsonAsync("/api/sales-reps", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await asMarketer.GetAsync("/api/reports/funnel")).StatusCode);
    }

    [Fact]
    public async Task An_open_live_stream_closes_when_its_user_is_deactivated()
    {
        var person = await Users.CreatePersonAsync(fixture, "marketing");
        using var client = fixture.Client(person.AccessToken);
        using var response = await client.GetAsync("/api/events/stream", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        Assert.Equal("retry: 2000", await reader.ReadLineAsync());

        Assert.Equal(HttpStatusCode.OK, (await fixture.Gateway.PostAsync($"/api/auth/users/{person.Id}/deactivate", null)).StatusCode);

        // The stream re-checks its session every 2 s (and the check may be cached for the bound): it ends well within 10 s.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var lines = new List<string>();
        while (await reader.ReadLineAsync(timeout.Token) is { } line) lines.Add(line);
        Assert.Contains("event: session-ended", lines);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/events/stream", HttpCompletionOption.ResponseHeadersRead)).StatusCode);
    }

    private async Task<string> SignInAsync(Person person)
    {
        using var anonymous = fixture.Client();
        using var response = await anonymous.PostAsJsonAsync("/api/auth/login", new { email = person.Email, password = person.Password });
        response.EnsureSuccessStatusCode();
        return (await SmarketingFixture.ReadJsonAsync(response))["accessToken"]!.GetValue<string>();
    }
}
