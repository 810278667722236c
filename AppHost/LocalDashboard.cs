using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;

namespace Smarketing.AppHost;

/// <summary>
/// Aspire's dashboard over plain HTTP on loopback (there is no trusted development certificate here), on
/// SMARKETING_DASHBOARD_PORT (18888) with its OTLP receiver on the next port; anything given explicitly wins.
/// </summary>
public static class LocalDashboard
{
    public static string[] WithDefaults(string[] args)
    {
        var given = new ConfigurationBuilder().AddEnvironmentVariables().AddCommandLine(args).Build();
        var port = int.TryParse(given["SMARKETING_DASHBOARD_PORT"], out var p) ? p : 18888;
        var defaults = new Dictionary<string, string>
        {
            ["ASPNETCORE_URLS"] = $"http://localhost:{port}",
            ["ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL"] = $"http://localhost:{port + 1}",
            ["ASPIRE_RESOURCE_SERVICE_ENDPOINT_URL"] = $"http://localhost:{FreePort()}",
            ["ASPIRE_ALLOW_UNSECURED_TRANSPORT"] = "true",
            // Its check asks NuGet for newer Aspire packages, which this machine's registry mirror cannot answer.
            ["ASPIRE_VERSION_CHECK_DISABLED"] = "true",
        };
        return [.. defaults.Where(d => string.IsNullOrEmpty(given[d.Key])).Select(d => $"--{d.Key}={d.Value}"), .. args];
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
