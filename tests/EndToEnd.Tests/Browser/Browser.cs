using Microsoft.Playwright;

namespace Smarketing.EndToEnd.Tests.Browser;

/// <summary>
/// Debian's Chromium, headless, driven by Playwright. The flags keep it off the network it cannot reach here
/// (background updates, sync, QUIC) and let it run as root.
/// </summary>
public sealed class Browser : IAsyncDisposable
{
    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;

    private Browser(IPlaywright playwright, IBrowser browser) => (_playwright, _browser) = (playwright, browser);

    public static async Task<Browser> LaunchAsync()
    {
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
            ],
        });
        return new Browser(playwright, browser);
    }

    /// <summary>A fresh profile (no stored session) at the given viewport, with the gateway as its base address.</summary>
    public Task<IPage> NewPageAsync(SmarketingFixture fixture, int width = 1280, int height = 800, string locale = "en-US") =>
        NewPageAsync(fixture.Gateway.BaseAddress!.ToString(), width, height, locale);

    /// <summary>A fresh profile aimed at <paramref name="baseUrl"/> (the AppHost's dashboard, say).</summary>
    public async Task<IPage> NewPageAsync(string baseUrl, int width = 1280, int height = 800, string locale = "en-US")
    {
        var context = await _browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseUrl.TrimEnd('/'),
            ViewportSize = new ViewportSize { Width = width, Height = height },
            Locale = locale,
        });
        context.SetDefaultTimeout(20_000);
        return await context.NewPageAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }
}
