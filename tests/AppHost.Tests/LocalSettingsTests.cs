using Microsoft.Extensions.Configuration;
using Smarketing.AppHost;
using Smarketing.AppHost.Local;

namespace Smarketing.AppHost.Tests;

public sealed class LocalSettingsTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "smarketing-settings-test-" + Guid.NewGuid().ToString("N")[..8]);

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    private static IConfiguration Config(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    [Fact]
    public void Secrets_are_generated_once_kept_private_and_the_operators_own_win()
    {
        var first = InstallSecrets.LoadOrCreate(_dir, null, null);
        var again = InstallSecrets.LoadOrCreate(_dir, null, null);
        var given = InstallSecrets.LoadOrCreate(_dir, "smk_given", "given-password");

        Assert.True(first.CreatedNow);
        Assert.False(again.CreatedNow);
        Assert.Equal(first.PostgresPassword, again.PostgresPassword);
        Assert.Equal(first.ApiKey, again.ApiKey);
        Assert.Equal(first.SigningKey, again.SigningKey);
        Assert.Equal(("smk_given", "given-password"), (given.ApiKey, given.AdminPassword));
        Assert.Equal(first.PostgresPassword, given.PostgresPassword);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(_dir, InstallSecrets.FileName)));
        Assert.NotEqual(first.PostgresPassword, InstallSecrets.LoadOrCreate(_dir + "-other", null, null).PostgresPassword);
        Directory.Delete(_dir + "-other", recursive: true);
    }

    [Fact]
    public void Settings_read_the_documented_variables_with_their_defaults()
    {
        var defaults = LocalSettings.From(Config());
        Assert.Equal(8080, defaults.GatewayPort);
        Assert.Equal(2, defaults.Replicas);
        Assert.False(defaults.RelaxedDurability);
        Assert.True(defaults.Telemetry);
        Assert.EndsWith(".smarketing", defaults.DataDir);

        var given = LocalSettings.From(Config(("SMARKETING_DATA_DIR", _dir), ("SMARKETING_GATEWAY_PORT", "9090"), ("SMARKETING_REPLICAS", "3"),
            ("SMARKETING_RELAXED_DURABILITY", "true"), ("SMARKETING_TELEMETRY", "false")));
        Assert.Equal((_dir, 9090, 3, true, false), (given.DataDir, given.GatewayPort, given.Replicas, given.RelaxedDurability, given.Telemetry));
        Assert.Null(LocalSettings.From(Config(("SMARKETING_GATEWAY_PORT", "0"))).GatewayPort);
        Assert.Equal(2, LocalSettings.From(Config(("SMARKETING_REPLICAS", "50"))).Replicas);
    }

    [Fact]
    public void The_dashboard_defaults_to_plain_http_on_loopback_and_never_overrides_what_is_given()
    {
        var defaults = LocalDashboard.WithDefaults([]);
        Assert.Contains("--ASPNETCORE_URLS=http://localhost:18888", defaults);
        Assert.Contains("--ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL=http://localhost:18889", defaults);
        Assert.Contains("--ASPIRE_ALLOW_UNSECURED_TRANSPORT=true", defaults);

        var moved = LocalDashboard.WithDefaults(["SMARKETING_DASHBOARD_PORT=19000"]);
        Assert.Contains("--ASPNETCORE_URLS=http://localhost:19000", moved);

        var given = LocalDashboard.WithDefaults(["ASPNETCORE_URLS=http://localhost:1234"]);
        Assert.DoesNotContain(given, a => a.StartsWith("--ASPNETCORE_URLS", StringComparison.Ordinal));
        Assert.Contains("ASPNETCORE_URLS=http://localhost:1234", given);
    }
}
