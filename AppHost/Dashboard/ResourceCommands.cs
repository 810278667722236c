using System.Collections.Concurrent;
using Smarketing.AppHost.Hosting;
using Smarketing.AppHost.Hosting.Resources;

namespace Smarketing.AppHost.Dashboard;

/// <summary>Start, stop and restart, one command at a time per resource, each returning once the new state is reached.</summary>
public sealed class ResourceCommands(DistributedApplication app)
{
    public static readonly string[] Names = ["start", "stop", "restart"];
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _running = new();

    public static IReadOnlyList<string> Allowed(Resource resource) => resource.State switch
    {
        ResourceState.Running or ResourceState.Unhealthy => ["stop", "restart"],
        ResourceState.Exited or ResourceState.FailedToStart => ["start", "restart"],
        _ => [],
    };

    /// <summary>Null when it ran; otherwise why it could not.</summary>
    public async Task<string?> RunAsync(Resource resource, string command)
    {
        if (!Allowed(resource).Contains(command)) return $"{resource.Name} is {resource.State}: {command} is not possible now.";
        var gate = _running.GetOrAdd(resource.Name, _ => new SemaphoreSlim(1, 1));
        if (!await gate.WaitAsync(0)) return $"A command is already running for {resource.Name}.";
        try
        {
            var task = command switch
            {
                "start" => app.StartResourceAsync(resource.Name),
                "stop" => app.StopResourceAsync(resource.Name),
                _ => app.RestartAsync(resource.Name),
            };
            await task;
            return null;
        }
        finally
        {
            gate.Release();
        }
    }
}
