namespace Smarketing.Gateway;

/// <summary>
/// Turns Aspire's service-discovery variables (services__ingestion__http__0=http://127.0.0.1:5123, one per
/// replica) into YARP destinations of the cluster with the same name, so routes stay in configuration and
/// the AppHost only injects where each service listens.
/// </summary>
public static class ServiceDestinations
{
    public static IEnumerable<KeyValuePair<string, string?>> FromServiceDiscovery(IConfiguration configuration)
    {
        foreach (var service in configuration.GetSection("services").GetChildren())
        {
            foreach (var endpoint in service.GetSection("http").GetChildren())
            {
                yield return new($"ReverseProxy:Clusters:{service.Key}:Destinations:{service.Key}-{endpoint.Key}:Address", endpoint.Value);
            }
        }
    }
}
