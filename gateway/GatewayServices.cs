namespace Smarketing.Gateway;

public static class GatewayServices
{
    public static IHostApplicationBuilder AddGatewayServices(this IHostApplicationBuilder builder)
    {
        builder.Configuration.AddInMemoryCollection(ServiceDestinations.FromServiceDiscovery(builder.Configuration));
        builder.Services.AddOptions<GatewayOptions>().BindConfiguration(GatewayOptions.Section);
        builder.Services.AddReverseProxy().LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"));
        return builder;
    }
}

public sealed class GatewayOptions
{
    public const string Section = "Gateway";

    /// <summary>Capture API keys, given by the AppHost as parameters (generated per install, never in the repo).</summary>
    public List<string> ApiKeys { get; set; } = [];
}
