using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Smarketing.EndToEnd.Tests;

/// <summary>
/// Exercises everything that hands out or takes a secret (sign-in, refresh, invites, API keys, the live stream's
/// ?access_token=, a signed touch link), then greps every captured console line and everything the resources
/// exported to the dashboard (spans and structured logs, through its telemetry API) for those secrets.
/// </summary>
[Collection(SmarketingCollection.Name)]
[Trait("Category", "EndToEnd")]
public sealed partial class SecretsInOutputTests(SmarketingFixture fixture)
{
    [Fact]
    public async Task No_password_token_key_or_signed_link_reaches_a_log_line_or_a_trace()
    {
        var secrets = new List<(string What, string Value)>
        {
            ("the first-run API key", fixture.App.Secrets.ApiKey),
            ("the admin password", fixture.App.Secrets.AdminPassword),
            ("the admin's access token", fixture.AdminToken),
        };
        using var anonymous = fixture.Client();

        var (leadId, ownerRepId) = await OwnedLeadAsync();
        var email = $"secrets.rep{Leads.UniqueSuffix()}@smarketing.local";
        var password = "pw-" + Guid.NewGuid().ToString("N");
        var invite = await SmarketingFixture.ReadJsonAsync(await fixture.Gateway.PostAsJsonAsync("/api/auth/users",
            new { email, name = "Secret Keeper", role = "sales_rep", repId = ownerRepId }));
        var inviteToken = invite["inviteToken"]!.GetValue<string>();
        secrets.Add(("an invite token", inviteToken));
        secrets.Add(("a user's password", password));
        var accepted = await ReadOkAsync(await anonymous.PostAsJsonAsync("/api/auth/accept-invite", new { token = inviteToken, password }));
        var login = await ReadOkAsync(await anonymous.PostAsJsonAsync("/api/auth/login", new { email, password }));
        var refreshed = await ReadOkAsync(await anonymous.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = login["refreshToken"]!.GetValue<string>() }));
        foreach (var session in new[] { accepted, login, refreshed })
        {
            secrets.Add(("an access token", session["accessToken"]!.GetValue<string>()));
            secrets.Add(("a refresh token", session["refreshToken"]!.GetValue<string>()));
        }
        var repToken = refreshed["accessToken"]!.GetValue<string>();
        using var rep = fixture.Client(repToken);

        var created = await SmarketingFixture.ReadJsonAsync(await fixture.Gateway.PostAsJsonAsync("/api/auth/api-keys", new { name = "secrets check" }));
        var newKey = created["key"]!.GetValue<string>();
        secrets.Add(("a created API key", newKey));
        using var tool = fixture.Client(apiKey: newKey);
        Assert.Equal(HttpStatusCode.Accepted, (await tool.PostAsJsonAsync("/api/leads", Leads.Hot("secrets-check"))).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await fixture.PostLeadAsync(Leads.Hot("secrets-check"))).StatusCode);

        // The live stream takes the token in the query string (EventSource cannot send headers).
        using (var stream = await anonymous.GetAsync($"/api/events/stream?access_token={Uri.EscapeDataString(repToken)}", HttpCompletionOption.ResponseHeadersRead))
            Assert.Equal(HttpStatusCode.OK, stream.StatusCode);

        var link = await TouchLinkAsync(rep, leadId);
        secrets.Add(("a signed touch link's token", link[(link.LastIndexOf('/') + 1)..]));
        // A tap needs the rep's own live session.
        using (var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = fixture.Gateway.BaseAddress })
        {
            browser.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", repToken);
            Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync(link)).StatusCode);
        }

        // Spans and log records leave each process in batches (every few seconds): wait for the tap's span to arrive.
        var spans = await WaitForTelemetryAsync("spans", s => s.Contains("/api/followups/go/", StringComparison.Ordinal));
        var logs = await fixture.App.TelemetryAsync("logs");

        var leaks = new List<string>();
        foreach (var (resource, line) in fixture.App.AllLogs())
        {
            if (Leak(line, secrets) is { } what) leaks.Add($"console of {resource}: {what} in: {Shorten(line)}");
        }
        foreach (var (signal, json) in new[] { ("span", spans), ("structured log", logs) })
        {
            if (Leak(json, secrets) is { } what) leaks.Add($"a {signal} exported to the dashboard: {what} in: …{Around(json, what)}…");
        }
        Assert.True(leaks.Count == 0, string.Join("\n", leaks));
    }

    /// <summary>A known secret's name, or a token-shaped string's kind, when the text carries one.</summary>
    private static string? Leak(string text, List<(string What, string Value)> secrets)
    {
        foreach (var (what, value) in secrets)
        {
            if (text.Contains(value, StringComparison.Ordinal)) return $"{what} ({value[..Math.Min(6, value.Length)]}…)";
        }
        if (Jwt().Match(text) is { Success: true } jwt) return $"a JWT ({jwt.Value[..12]}…)";
        if (IssuedSecret().Match(text) is { Success: true } issued) return $"an issued secret ({issued.Value[..6]}…)";
        return null;
    }

    /// <summary>A signed token of our issuer: header and payload are base64url JSON, so both start with eyJ.</summary>
    [GeneratedRegex(@"eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}")]
    private static partial Regex Jwt();

    /// <summary>Refresh tokens (rt_), invites (inv_) and API keys (smk_) as TokenService.NewSecret makes them (43 characters after the prefix).</summary>
    [GeneratedRegex(@"\b(rt|inv|smk)_[A-Za-z0-9_-]{40,}")]
    private static partial Regex IssuedSecret();

    private static string Shorten(string line) => line.Length <= 400 ? line : line[..400] + "…";

    private static string Around(string json, string what)
    {
        var prefix = what[(what.IndexOf('(') + 1)..what.IndexOf('…')];
        var at = Math.Max(0, json.IndexOf(prefix, StringComparison.Ordinal));
        return json.Substring(Math.Max(0, at - 300), Math.Min(json.Length - Math.Max(0, at - 300), 600));
    }

    private async Task<string> WaitForTelemetryAsync(string signal, Func<string, bool> until)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(45);
        var json = await fixture.App.TelemetryAsync(signal);
        while (!until(json) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(1000);
            json = await fixture.App.TelemetryAsync(signal);
        }
        Assert.True(until(json), $"the dashboard got no {signal} of the touch link's request within 45 s");
        return json;
    }

    private static async Task<JsonNode> ReadOkAsync(HttpResponseMessage response)
    {
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await SmarketingFixture.ReadJsonAsync(response);
    }

    private async Task<(Guid LeadId, Guid OwnerRepId)> OwnedLeadAsync()
    {
        using var captured = await fixture.PostLeadAsync(Leads.Hot("secrets-check"));
        var leadId = (await SmarketingFixture.ReadJsonAsync(captured))["leadId"]!.GetValue<Guid>();
        var lead = await fixture.WaitForLeadAsync(leadId, l => l["owner"] is not null && l["followUps"]!.AsArray().Count >= 5);
        return (leadId, lead["owner"]!["repId"]!.GetValue<Guid>());
    }

    /// <summary>A one-tap link of the lead's first step, from the owner's due list.</summary>
    private static async Task<string> TouchLinkAsync(HttpClient rep, Guid leadId)
    {
        var until = Uri.EscapeDataString(DateTimeOffset.UtcNow.AddDays(30).ToString("O"));
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var due = await rep.GetFromJsonAsync<JsonArray>($"/api/followups/due?owner=me&until={until}");
            var links = due!.FirstOrDefault(t => t!["leadId"]!.GetValue<Guid>() == leadId)?["links"];
            if ((links?["call"] ?? links?["whatsapp"] ?? links?["email"]) is { } link) return link.GetValue<string>();
            Assert.True(DateTime.UtcNow < deadline, $"no touch link for lead {leadId} in the owner's due list");
            await Task.Delay(500);
        }
    }
}
