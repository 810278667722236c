using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Smarketing.EndToEnd.Tests;

[Collection(SmarketingCollection.Name)]
[Trait("Category", "EndToEnd")]
public sealed class AccessControlTests(SmarketingFixture fixture)
{
    private static readonly Guid AnyId = Guid.NewGuid();

    public static TheoryData<string, string> Routes => new()
    {
        { "POST", "/api/leads" }, { "POST", "/api/leads/batch" }, { "POST", "/api/traffic" },
        { "GET", "/api/leads" }, { "GET", $"/api/leads/{AnyId}" },
        { "POST", $"/api/leads/{AnyId}/activities" }, { "POST", $"/api/leads/{AnyId}/outcome" },
        { "GET", "/api/scoring/models" }, { "GET", "/api/scoring/models/active" },
        { "GET", "/api/sales-reps" }, { "POST", "/api/sales-reps" }, { "GET", $"/api/sales-reps/{AnyId}" },
        { "PUT", $"/api/sales-reps/{AnyId}" }, { "DELETE", $"/api/sales-reps/{AnyId}" },
        { "GET", "/api/followups/due" }, { "GET", "/api/followups/cadences" },
        { "GET", "/api/reports/funnel" }, { "GET", "/api/reports/speed-to-lead" }, { "GET", "/api/reports/follow-up" },
        { "GET", "/api/reports/black-hole" }, { "GET", "/api/reports/scoring" }, { "GET", "/api/reports/attribution" },
        { "POST", "/api/reports/rebuild" }, { "GET", "/api/reports/rebuild" },
        { "GET", "/api/auth/users" }, { "POST", "/api/auth/users" }, { "GET", "/api/auth/api-keys" }, { "POST", "/api/auth/api-keys" },
        { "GET", "/api/auth/me" },
        { "POST", "/api/scoring/models" }, { "POST", "/api/scoring/models/2/approve" }, { "POST", "/api/scoring/models/2/backtest" },
        { "POST", $"/api/leads/{AnyId}/flags" },
        { "GET", "/api/assignment/rules" }, { "PUT", "/api/assignment/rules" }, { "POST", $"/api/leads/{AnyId}/reassign" },
        { "PUT", $"/api/sales-reps/{AnyId}/away" },
        { "PUT", "/api/followups/cadences" }, { "GET", "/api/followups/holidays" }, { "PUT", "/api/followups/holidays/2027" },
    };

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Every_route_answers_401_without_credentials(string method, string path)
    {
        using var anonymous = fixture.Client();
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method is "POST" or "PUT") request.Content = JsonContent.Create(new { });
        using var response = await anonymous.SendAsync(request);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Roles_get_403_where_they_have_no_business_and_a_rep_gets_404_for_another_reps_lead()
    {
        var leadId = (await SmarketingFixture.ReadJsonAsync(await fixture.PostLeadAsync(Leads.Hot("access-control"))))["leadId"]!.GetValue<Guid>();
        // Scheduled follow-ups mean the follow-up service knows the owner too, not only the read side.
        var lead = await fixture.WaitForLeadAsync(leadId, l => l["owner"] is not null && l["followUps"]!.AsArray().Count >= 5);
        var ownerRepId = lead["owner"]!["repId"]!.GetValue<Guid>();
        var reps = await fixture.Gateway.GetFromJsonAsync<JsonArray>("/api/sales-reps");
        var otherRepId = reps!.Select(r => r!["repId"]!.GetValue<Guid>()).First(id => id != ownerRepId);

        using var owner = fixture.Client(await Users.CreateAsync(fixture, "sales_rep", ownerRepId));
        using var otherRep = fixture.Client(await Users.CreateAsync(fixture, "sales_rep", otherRepId));
        using var marketer = fixture.Client(await Users.CreateAsync(fixture, "marketing"));
        using var manager = fixture.Client(await Users.CreateAsync(fixture, "sales_manager"));
        using var tool = fixture.Client(apiKey: fixture.App.Secrets.ApiKey);

        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync($"/api/leads/{leadId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await otherRep.GetAsync($"/api/leads/{leadId}")).StatusCode);
        var otherList = await otherRep.GetFromJsonAsync<JsonObject>("/api/leads?pageSize=100&campaign=access-control");
        Assert.DoesNotContain(otherList!["items"]!.AsArray(), i => i!["leadId"]!.GetValue<Guid>() == leadId);
        Assert.Equal(HttpStatusCode.NotFound, (await otherRep.PostAsJsonAsync($"/api/leads/{leadId}/activities",
            new { type = "call", outcome = "no-answer" })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await owner.PostAsJsonAsync($"/api/leads/{leadId}/activities",
            new { type = "call", outcome = "connected" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await manager.GetAsync($"/api/leads/{leadId}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await marketer.GetAsync($"/api/leads/{leadId}")).StatusCode);

        Assert.Equal(HttpStatusCode.Forbidden, (await owner.GetAsync("/api/reports/funnel")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await owner.PostAsJsonAsync("/api/sales-reps", new { name = "X", email = "x@y.co", capacity = 1 })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await owner.PostAsJsonAsync("/api/leads", Leads.Hot("access-control"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await marketer.PostAsJsonAsync($"/api/leads/{leadId}/activities", new { type = "call", outcome = "connected" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await manager.GetAsync("/api/auth/users")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await marketer.PostAsJsonAsync("/api/auth/api-keys", new { name = "nope" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await tool.GetAsync("/api/leads")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await marketer.GetAsync("/api/reports/funnel")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await manager.GetAsync("/api/sales-reps")).StatusCode);
    }

    [Fact]
    public async Task A_revoked_key_gets_401_at_once()
    {
        var created = await SmarketingFixture.ReadJsonAsync(await fixture.Gateway.PostAsJsonAsync("/api/auth/api-keys", new { name = "landing page builder" }));
        var secret = created["key"]!.GetValue<string>();
        var keyId = created["apiKey"]!["keyId"]!.GetValue<Guid>();
        using var tool = fixture.Client(apiKey: secret);
        Assert.Equal(HttpStatusCode.Accepted, (await tool.PostAsJsonAsync("/api/leads", Leads.Hot("revoked-key"))).StatusCode);

        var listed = await fixture.Gateway.GetFromJsonAsync<JsonArray>("/api/auth/api-keys");
        var view = listed!.Single(k => k!["keyId"]!.GetValue<Guid>() == keyId)!;
        Assert.NotNull(view["lastUsedAt"]);
        Assert.DoesNotContain(secret, listed!.ToJsonString());

        Assert.Equal(HttpStatusCode.NoContent, (await fixture.Gateway.DeleteAsync($"/api/auth/api-keys/{keyId}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await tool.PostAsJsonAsync("/api/leads", Leads.Hot("revoked-key"))).StatusCode);
    }

    [Fact]
    public async Task A_burst_over_the_limit_gets_429_with_retry_after_and_stores_nothing_past_the_limit()
    {
        var created = await SmarketingFixture.ReadJsonAsync(await fixture.Gateway.PostAsJsonAsync("/api/auth/api-keys",
            new { name = "chatty ad platform", permitsPerSecond = 1, burst = 5 }));
        using var tool = fixture.Client(apiKey: created["key"]!.GetValue<string>());
        var prefix = $"burst-{Leads.UniqueSuffix()}-";

        var responses = await Task.WhenAll(Enumerable.Range(0, 12).Select(i =>
            tool.PostAsJsonAsync("/api/leads", new { eventId = $"{prefix}{i}", source = "ads-lead-form", contact = new { phone = Leads.UniquePhone() } })));

        var accepted = responses.Count(r => r.StatusCode == HttpStatusCode.Accepted);
        var limited = responses.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        Assert.InRange(accepted, 5, 6); // the burst, plus at most one token refilled while the burst ran
        Assert.Equal(12, accepted + limited.Count);
        Assert.All(limited, r => Assert.True(r.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1)));
        Assert.Equal((long)accepted, await fixture.QueryAsync<long>("ingestiondb",
            """SELECT count(*) FROM lead_events WHERE "EventId" LIKE @p""", ("p", prefix + "%")));
    }

    [Fact]
    public async Task Sign_in_refresh_and_logout_rotate_and_revoke_tokens()
    {
        var email = $"mkt{Leads.UniqueSuffix()}@smarketing.local";
        var password = "pw-" + Guid.NewGuid().ToString("N");
        await Users.InviteAndAcceptAsync(fixture, email, "marketing", null, password);
        using var anonymous = fixture.Client();

        var login = await SmarketingFixture.ReadJsonAsync(await anonymous.PostAsJsonAsync("/api/auth/login", new { email, password }));
        Assert.Equal("marketing", login["user"]!["role"]!.GetValue<string>());
        Assert.True(login["expiresAt"]!.GetValue<DateTime>() <= DateTime.UtcNow.AddMinutes(16), "access tokens are short-lived");
        var refresh = login["refreshToken"]!.GetValue<string>();

        var refreshed = await anonymous.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = refresh });
        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
        var next = (await SmarketingFixture.ReadJsonAsync(refreshed))["refreshToken"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = refresh })).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await anonymous.PostAsJsonAsync("/api/auth/logout", new { refreshToken = next })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = next })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("/api/auth/login", new { email, password = "wrong-password" })).StatusCode);
    }

    [Fact]
    public async Task Passwords_tokens_and_api_keys_never_appear_in_the_logs()
    {
        var email = $"rep{Leads.UniqueSuffix()}@smarketing.local";
        var password = "pw-" + Guid.NewGuid().ToString("N");
        var reps = await fixture.Gateway.GetFromJsonAsync<JsonArray>("/api/sales-reps");
        var token = await Users.InviteAndAcceptAsync(fixture, email, "sales_rep", reps![0]!["repId"]!.GetValue<Guid>(), password);
        using var rep = fixture.Client(token);
        await rep.GetAsync("/api/leads?owner=me");
        await fixture.PostLeadAsync(Leads.Hot("log-secrets"));
        await Task.Delay(1000);

        var secrets = new[] { password, token, fixture.AdminToken, fixture.App.Secrets.ApiKey, fixture.App.Secrets.AdminPassword, fixture.App.Secrets.PostgresPassword };
        var lines = fixture.App.AllLogs().Select(l => $"{l.Resource}: {l.Line}").ToList();
        Assert.NotEmpty(lines);
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(lines, l => l.Contains(secret, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Services_enforce_tokens_themselves_not_only_the_gateway()
    {
        using var reporting = fixture.App.CreateHttpClient("reporting");
        Assert.Equal(HttpStatusCode.Unauthorized, (await reporting.GetAsync("/api/leads")).StatusCode);

        // A token signed with another key (forged, or from another install) is refused by the service itself.
        var forged = fixture.AdminToken[..fixture.AdminToken.LastIndexOf('.')] + ".c2lnbmF0dXJlLWZyb20tc29tZXdoZXJlLWVsc2UtZW50aXJlbHk";
        reporting.DefaultRequestHeaders.Authorization = new("Bearer", forged);
        Assert.Equal(HttpStatusCode.Unauthorized, (await reporting.GetAsync("/api/leads")).StatusCode);

        reporting.DefaultRequestHeaders.Authorization = new("Bearer", fixture.AdminToken);
        Assert.Equal(HttpStatusCode.OK, (await reporting.GetAsync("/api/leads")).StatusCode);

        using var ingestion = fixture.App.CreateHttpClient("ingestion");
        Assert.Equal(HttpStatusCode.Unauthorized, (await ingestion.PostAsJsonAsync("/api/leads", Leads.Hot("direct"))).StatusCode);
    }

    [Fact]
    public async Task An_admin_changes_roles_and_a_deactivated_user_can_no_longer_sign_in_or_refresh()
    {
        var email = $"mgr{Leads.UniqueSuffix()}@smarketing.local";
        var password = "pw-" + Guid.NewGuid().ToString("N");
        await Users.InviteAndAcceptAsync(fixture, email, "marketing", null, password);
        using var anonymous = fixture.Client();
        var login = await SmarketingFixture.ReadJsonAsync(await anonymous.PostAsJsonAsync("/api/auth/login", new { email, password }));
        var userId = login["user"]!["id"]!.GetValue<Guid>();

        var changed = await fixture.Gateway.PutAsJsonAsync($"/api/auth/users/{userId}/role", new { role = "sales_manager" });
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        var relogin = await SmarketingFixture.ReadJsonAsync(await anonymous.PostAsJsonAsync("/api/auth/login", new { email, password }));
        Assert.Equal("sales_manager", relogin["user"]!["role"]!.GetValue<string>());
        var badRole = await fixture.Gateway.PutAsJsonAsync($"/api/auth/users/{userId}/role", new { role = "sales_rep" });
        Assert.Equal(HttpStatusCode.BadRequest, badRole.StatusCode); // a rep must be linked to a sales-rep record

        Assert.Equal(HttpStatusCode.OK, (await fixture.Gateway.PostAsync($"/api/auth/users/{userId}/deactivate", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("/api/auth/login", new { email, password })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("/api/auth/refresh",
            new { refreshToken = relogin["refreshToken"]!.GetValue<string>() })).StatusCode);
    }

    [Fact]
    public async Task A_sales_rep_user_must_be_linked_to_an_existing_rep()
    {
        var response = await fixture.Gateway.PostAsJsonAsync("/api/auth/users",
            new { email = $"ghost{Leads.UniqueSuffix()}@smarketing.local", name = "Ghost", role = "sales_rep", repId = Guid.NewGuid() });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await SmarketingFixture.ReadJsonAsync(response))["errors"]!.AsObject().ContainsKey("repId"));
    }
}
