using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Smarketing.AppHost.Local;

namespace Smarketing.AppHost;

/// <summary>Once the gateway (and so everything it waits for) is healthy: where to send leads, how to sign in, where the data is.</summary>
internal sealed class StartupSummary(
    ResourceNotificationService notifications, DistributedApplicationModel model, IConfiguration configuration) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await notifications.WaitForResourceHealthyAsync("gateway", stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return;
        }
        var gateway = model.Resources.OfType<ProjectResource>().Single(r => r.Name == "gateway").GetEndpoint("http").Url;
        var dataDir = LocalSettings.From(configuration).DataDir;
        var secretsFile = Path.Combine(dataDir, InstallSecrets.FileName);
        var firstRun = configuration[LocalSettings.SecretsCreatedNowKey] == "true";

        var text = new StringBuilder().AppendLine();
        text.AppendLine($"Gateway:   {gateway}   (send leads to {gateway}/api/leads)");
        if (DashboardLogin(configuration) is { } login) text.AppendLine($"Dashboard: {login}   (a new sign-in token every run)");
        text.AppendLine($"Data:      {dataDir}");
        // A key or password the operator gave is theirs already: only one generated now is printed, and only this once.
        text.AppendLine(!string.IsNullOrEmpty(configuration["SMARKETING_API_KEY"]) ? "X-Api-Key: the one in SMARKETING_API_KEY"
            : firstRun ? $"X-Api-Key: {configuration["Parameters:api-key"]}   (shown once: keep it; it is also in {secretsFile})"
            : $"X-Api-Key: created on first run, kept in {secretsFile}");
        text.AppendLine(!string.IsNullOrEmpty(configuration["SMARKETING_ADMIN_PASSWORD"]) ? "Sign in:   admin@smarketing.local with the password in SMARKETING_ADMIN_PASSWORD"
            : firstRun ? $"Sign in:   admin@smarketing.local / {configuration["Parameters:admin-password"]}   (shown once)"
            : $"Sign in:   admin@smarketing.local with the password shown on first run (kept in {secretsFile})");
        text.AppendLine("Press Ctrl+C to stop everything.");
        Console.WriteLine(text.ToString());
    }

    public static string? DashboardLogin(IConfiguration configuration)
    {
        if (configuration["ASPNETCORE_URLS"]?.Split(';')[0] is not { Length: > 0 } url) return null;
        return configuration["AppHost:BrowserToken"] is { Length: > 0 } token ? $"{url.TrimEnd('/')}/login?t={token}" : url;
    }
}
