using Smarketing.AppHost.Hosting;
using Smarketing.AppHost.Hosting.Resources;

namespace Smarketing.AppHost.Testing;

/// <summary>
/// The app model for tests, like Aspire.Hosting.Testing: the whole set with random ports and a throw-away
/// data directory, started with one call that waits for health or fails loudly with the reason.
/// </summary>
public static class DistributedApplicationTestingBuilder
{
    public static async Task<DistributedApplication> StartSmarketingAsync(TimeSpan? timeout = null)
    {
        var options = new AppHostOptions
        {
            DataDir = Path.Combine(Path.GetTempPath(), "smarketing-test-" + Guid.NewGuid().ToString("N")[..10]),
            RepositoryRoot = AppHostOptions.FindRepositoryRoot(),
            Configuration = AppHostOptions.BuildConfiguration(),
            GatewayPort = null,
            Ephemeral = true,
            EchoLogs = Environment.GetEnvironmentVariable("SMARKETING_TEST_ECHO") == "1",
            ApiKey = "test_" + Guid.NewGuid().ToString("N"),
            AdminPassword = "admin-" + Guid.NewGuid().ToString("N"),
        };
        var app = DistributedApplicationBuilder.CreateBuilder(options).AddSmarketing().Build();
        try
        {
            await app.StartAsync();
            await app.WaitForHealthyAsync(timeout ?? TimeSpan.FromMinutes(3));
            return app;
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    /// <summary>An HttpClient aimed at a project resource (the first replica).</summary>
    public static HttpClient CreateHttpClient(this DistributedApplication app, string resourceName) =>
        new() { BaseAddress = new Uri(((ProjectResource)app[resourceName]).Urls[0]), Timeout = TimeSpan.FromMinutes(2) };

    public static string GetConnectionString(this DistributedApplication app, string resourceName) =>
        ((IResourceWithConnectionString)app[resourceName]).ConnectionString;
}
