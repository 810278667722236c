using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;

namespace Smarketing.EndToEnd.Tests.Browser;

/// <summary>
/// The sales workspace in a real browser, through the gateway: what reps, managers and marketers do in it, on a
/// desktop and on a 390 px phone.
/// </summary>
[Collection(SmarketingCollection.Name)]
[Trait("Category", "EndToEnd")]
public sealed class WorkspaceTests(SmarketingFixture fixture) : IAsyncLifetime
{
    private Browser _browser = null!;

    public async Task InitializeAsync() => _browser = await Browser.LaunchAsync();

    public async Task DisposeAsync() => await _browser.DisposeAsync();

    [Fact]
    public async Task A_rep_sees_a_new_lead_appear_without_reloading_logs_a_whatsapp_touch_and_records_a_win()
    {
        var suffix = Leads.UniqueSuffix();
        var campaign = $"browser-{suffix}";
        var repId = await CreateRepAsync($"Browser Rep {suffix}");
        try
        {
            await PutRulesAsync(new { name = campaign, match = new { campaigns = new[] { campaign } }, pool = new[] { repId } });
            var (email, password) = await UserAsync("sales_rep", repId);
            var page = await _browser.NewPageAsync(fixture);
            await SignInAsync(page, email, password);
            await page.GetByTestId("nav-my-day").ClickAsync();
            await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/my-day$"));
            var reloads = 0;
            page.Load += (_, _) => reloads++;

            var leadId = (await SmarketingFixture.ReadJsonAsync(await fixture.PostLeadAsync(Leads.Hot(campaign))))["leadId"]!.GetValue<Guid>();

            // Pushed by the live stream: no reload, no click.
            var item = page.Locator($"[data-testid='hot-lead'][data-lead-id='{leadId}'], [data-testid='due-item'][data-lead-id='{leadId}']").First;
            await Assertions.Expect(item).ToBeVisibleAsync(new() { Timeout = 30_000 });
            Assert.Equal(0, reloads);

            await page.GotoAsync($"/leads/{leadId}");
            await Assertions.Expect(page.GetByTestId("whatsapp-link").First).ToHaveAttributeAsync("href", new System.Text.RegularExpressions.Regex("^(https://wa\\.me/|/api/followups/go/)"));
            await page.GetByTestId("log-activity-type").SelectOptionAsync("whatsapp");
            await page.GetByTestId("log-activity-outcome").SelectOptionAsync("replied");
            await page.GetByTestId("log-activity-submit").ClickAsync();
            await fixture.WaitForLeadAsync(leadId, l => l["activities"]!.AsArray().Any(a => a!["type"]!.GetValue<string>() == "whatsapp"));

            await page.GetByTestId("outcome-result").SelectOptionAsync("won");
            await page.GetByTestId("outcome-value").FillAsync("75000000");
            await page.GetByTestId("outcome-submit").ClickAsync();
            await Assertions.Expect(page.GetByTestId("lead-status")).ToHaveAttributeAsync("data-status", "won", new() { Timeout = 30_000 });
            var lead = await fixture.WaitForLeadAsync(leadId, l => l["status"]!.GetValue<string>() == "won");
            Assert.Equal(75_000_000m, lead["outcome"]!["value"]!.GetValue<decimal>());
        }
        finally
        {
            await PutRulesAsync();
            await fixture.Gateway.PutAsJsonAsync($"/api/sales-reps/{repId}/away", new { away = true });
        }
    }

    [Fact]
    public async Task A_manager_reassigns_a_lead_and_sees_the_black_hole_list()
    {
        var suffix = Leads.UniqueSuffix();
        var campaign = $"browser-mgr-{suffix}";
        var first = await CreateRepAsync($"First Rep {suffix}");
        var second = await CreateRepAsync($"Second Rep {suffix}");
        try
        {
            await PutRulesAsync(new { name = campaign, match = new { campaigns = new[] { campaign } }, pool = new[] { first } });
            var leadId = (await SmarketingFixture.ReadJsonAsync(await fixture.PostLeadAsync(Leads.Hot(campaign))))["leadId"]!.GetValue<Guid>();
            await fixture.WaitForLeadAsync(leadId, l => l["owner"]?["repId"]?.GetValue<Guid>() == first);

            var (email, password) = await UserAsync("sales_manager");
            var page = await _browser.NewPageAsync(fixture);
            await SignInAsync(page, email, password);
            await page.GotoAsync($"/leads/{leadId}");
            await page.GetByTestId("reassign-rep").SelectOptionAsync(second.ToString());
            await page.GetByTestId("reassign-reason").FillAsync("Second knows this client");
            await page.GetByTestId("reassign-submit").ClickAsync();
            await fixture.WaitForLeadAsync(leadId, l => l["owner"]?["repId"]?.GetValue<Guid>() == second);

            // Nobody has touched the lead yet: with no age threshold it is in the black hole, linked to its page.
            await page.GetByTestId("nav-team").ClickAsync();
            await page.GetByTestId("black-hole-hours").SelectOptionAsync("0");
            var item = page.Locator($"[data-testid='black-hole-item'][data-lead-id='{leadId}']");
            await Assertions.Expect(item).ToBeVisibleAsync(new() { Timeout = 30_000 });
            await Assertions.Expect(item).ToHaveAttributeAsync("data-kind", "never-contacted");
        }
        finally
        {
            await PutRulesAsync();
            foreach (var rep in new[] { first, second }) await fixture.Gateway.PutAsJsonAsync($"/api/sales-reps/{rep}/away", new { away = true });
        }
    }

    [Fact]
    public async Task A_marketer_drafts_a_scoring_model_and_a_manager_approves_it()
    {
        var (marketerEmail, marketerPassword) = await UserAsync("marketing");
        var (managerEmail, managerPassword) = await UserAsync("sales_manager");
        var before = await fixture.Gateway.GetFromJsonAsync<JsonArray>("/api/scoring/models");

        var marketer = await _browser.NewPageAsync(fixture);
        await SignInAsync(marketer, marketerEmail, marketerPassword);
        await marketer.GetByTestId("nav-marketing").ClickAsync();
        await Assertions.Expect(marketer.GetByTestId("funnel-chart")).ToBeVisibleAsync();
        await Assertions.Expect(marketer.GetByTestId("model-draft-editor")).Not.ToBeEmptyAsync();
        await marketer.GetByTestId("model-draft-submit").ClickAsync();
        var version = await NewModelVersionAsync(before!);
        await marketer.Locator($"[data-testid='model-approve'][data-version='{version}']").ClickAsync();

        var manager = await _browser.NewPageAsync(fixture);
        await SignInAsync(manager, managerEmail, managerPassword);
        await manager.GetByTestId("nav-marketing").ClickAsync();
        await manager.Locator($"[data-testid='model-approve'][data-version='{version}']").ClickAsync();
        await Assertions.Expect(manager.Locator($"[data-testid='model-row'][data-version='{version}']"))
            .ToHaveAttributeAsync("data-status", "active", new() { Timeout = 30_000 });
        var active = await fixture.Gateway.GetFromJsonAsync<JsonObject>("/api/scoring/models/active");
        Assert.Equal(version, active!["version"]!.ToString());
    }

    [Fact]
    public async Task The_language_switch_changes_the_visible_text_and_the_session_survives_a_reload_until_sign_out()
    {
        var (email, password) = await UserAsync("sales_manager");
        var page = await _browser.NewPageAsync(fixture);
        await SignInAsync(page, email, password);
        await page.GetByTestId("nav-leads").ClickAsync();
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        var english = await page.GetByTestId("nav-leads").InnerTextAsync();
        var englishTitle = await page.GetByTestId("page-title").InnerTextAsync();

        await SwitchLanguageAsync(page);

        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "id");
        Assert.NotEqual(englishTitle, await page.GetByTestId("page-title").InnerTextAsync());
        Assert.NotEqual(english, await page.GetByTestId("nav-leads").InnerTextAsync());
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "id");
        // The session survives the reload; signing out ends it, and a reload does not bring it back.
        await Assertions.Expect(page.GetByTestId("sign-out")).ToBeVisibleAsync();
        await page.GetByTestId("sign-out").ClickAsync();
        await Assertions.Expect(page.GetByTestId("login-email")).ToBeVisibleAsync();
        await page.GotoAsync("/leads");
        await Assertions.Expect(page.GetByTestId("login-email")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("sign-out")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task The_lead_page_shows_the_ad_the_lead_came_from_linked_to_the_ad()
    {
        var suffix = Leads.UniqueSuffix();
        var captured = await fixture.PostLeadAsync(new
        {
            eventId = $"wa-browser-{suffix}", source = "whatsapp", campaign = $"browser-ctwa-{suffix}",
            contact = new { name = "Rina", phone = Leads.UniquePhone() },
            adClick = new { ctwaClid = $"ARAk{suffix}", sourceUrl = "https://fb.me/3abcXYZ", headline = "Billboard Sudirman" },
        });
        var leadId = (await SmarketingFixture.ReadJsonAsync(captured))["leadId"]!.GetValue<Guid>();
        await fixture.WaitForLeadAsync(leadId, l => l["adClick"] is not null);

        var (email, password) = await UserAsync("sales_manager");
        var page = await _browser.NewPageAsync(fixture);
        await SignInAsync(page, email, password);
        await page.GotoAsync($"/leads/{leadId}");
        var ad = page.GetByTestId("lead-ad");
        await Assertions.Expect(ad).ToHaveTextAsync("Meta · ctwa_clid · “Billboard Sudirman”");
        await Assertions.Expect(ad).ToHaveAttributeAsync("href", "https://fb.me/3abcXYZ");
    }

    [Fact]
    public async Task On_a_390_px_phone_no_screen_scrolls_sideways()
    {
        var (email, password) = await UserAsync("admin");
        var page = await _browser.NewPageAsync(fixture, width: 390, height: 844);
        await SignInAsync(page, email, password);
        var leads = await fixture.Gateway.GetFromJsonAsync<JsonObject>("/api/leads?pageSize=1");
        var leadId = leads!["items"]!.AsArray().FirstOrDefault()?["leadId"]?.GetValue<Guid>();
        var paths = new List<string> { "/my-day", "/leads", "/team", "/marketing" };
        if (leadId is { } id) paths.Add($"/leads/{id}");
        var shots = Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(shots);
        foreach (var path in paths)
        {
            await page.GotoAsync(path);
            await Assertions.Expect(page.GetByTestId("page-title")).ToBeVisibleAsync();
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            var screenshot = Path.Combine(shots, $"390{path.Replace('/', '-')}.png");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot, FullPage = true });
            var width = await page.EvaluateAsync<int>("() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)");
            Assert.True(width <= 390, $"{path} is {width} px wide at 390 px (screenshot {screenshot})");
        }
    }

    private static async Task SignInAsync(IPage page, string email, string password)
    {
        await page.GotoAsync("/login");
        await page.GetByTestId("login-email").FillAsync(email);
        await page.GetByTestId("login-password").FillAsync(password);
        await page.GetByTestId("login-submit").ClickAsync();
        await Assertions.Expect(page.GetByTestId("sign-out")).ToBeVisibleAsync();
    }

    private static async Task SwitchLanguageAsync(IPage page)
    {
        var toggle = page.GetByTestId("lang-switch");
        if (await toggle.EvaluateAsync<string>("e => e.tagName") == "SELECT") await toggle.SelectOptionAsync("id");
        else await toggle.ClickAsync();
    }

    private async Task<string> NewModelVersionAsync(JsonArray before)
    {
        var known = before.Select(m => m!["version"]!.ToString()).ToHashSet();
        for (var i = 0; i < 100; i++)
        {
            var models = await fixture.Gateway.GetFromJsonAsync<JsonArray>("/api/scoring/models");
            var created = models!.Select(m => m!["version"]!.ToString()).FirstOrDefault(v => !known.Contains(v));
            if (created is not null) return created;
            await Task.Delay(200);
        }
        throw new TimeoutException("The drafted model never appeared.");
    }

    private async Task<(string Email, string Password)> UserAsync(string role, Guid? repId = null)
    {
        var email = $"browser.{role.Replace('_', '.')}{Leads.UniqueSuffix()}@smarketing.local";
        var password = "pw-" + Guid.NewGuid().ToString("N");
        await Users.InviteAndAcceptAsync(fixture, email, role, repId, password);
        return (email, password);
    }

    private async Task<Guid> CreateRepAsync(string name)
    {
        using var created = await fixture.Gateway.PostAsJsonAsync("/api/sales-reps", new
        {
            name, email = $"browser{Leads.UniqueSuffix()}@smarketing.local", capacity = 20, weight = 1,
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await SmarketingFixture.ReadJsonAsync(created))["repId"]!.GetValue<Guid>();
    }

    private async Task PutRulesAsync(params object[] rules)
    {
        using var response = await fixture.Gateway.PutAsJsonAsync("/api/assignment/rules", new { rules, fallbackPool = Array.Empty<Guid>() });
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }
}
