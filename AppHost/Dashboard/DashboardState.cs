using Smarketing.AppHost.Hosting;

namespace Smarketing.AppHost.Dashboard;

/// <summary>What the dashboard's endpoints read and steer: the running app model, its broker, and the secrets to hide.</summary>
internal sealed class DashboardState(DistributedApplication app, SecretMask mask, RabbitMqManagement? broker)
{
    public DistributedApplication App => app;
    public SecretMask Mask => mask;
    public RabbitMqManagement? Broker => broker;
    public ResourceCommands Commands { get; } = new(app);
    public Pulse ResourcesChanged { get; } = new();
}
