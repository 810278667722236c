using System.Collections.Concurrent;
using Aspire.Hosting.ApplicationModel;

namespace Smarketing.Pipeline.Bench;

/// <summary>
/// The latest snapshot of every resource instance (each replica has its own), followed from the resource notifications
/// since the app was built, so a restarted process is followed too.
/// </summary>
internal sealed class ResourceInstances : IDisposable
{
    // KnownProperties.Executable.Pid, which Aspire keeps internal.
    private const string PidProperty = "executable.pid";
    private readonly ConcurrentDictionary<string, ResourceEvent> _latest = new();
    private readonly CancellationTokenSource _stop = new();

    public ResourceInstances(ResourceNotificationService notifications) => _ = FollowAsync(notifications, _stop.Token);

    public IReadOnlyList<ResourceEvent> All() => _latest.Values.OrderBy(e => e.ResourceId, StringComparer.Ordinal).ToList();

    /// <summary>
    /// The process id of each instance, from its snapshot: for a project the `dotnet run` DCP started, whose child is the
    /// service itself; for PostgreSQL, Redis, RabbitMQ and epmd the server.
    /// </summary>
    public IReadOnlyList<(string Resource, int Pid)> Roots() =>
        All().Select(e => (e.Resource.Name, Pid: e.Snapshot.Properties.FirstOrDefault(p => p.Name == PidProperty)?.Value is { } pid ? Convert.ToInt32(pid) : 0))
            .Where(r => r.Pid > 0)
            .ToList();

    /// <summary>Every process below one, from /proc.</summary>
    public static IEnumerable<int> Below(int pid)
    {
        var tasks = $"/proc/{pid}/task";
        if (!Directory.Exists(tasks)) yield break;
        foreach (var task in Directory.EnumerateDirectories(tasks))
        {
            string children;
            try
            {
                children = File.ReadAllText(Path.Combine(task, "children"));
            }
            catch (IOException)
            {
                continue;
            }
            foreach (var child in children.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse))
            {
                yield return child;
                foreach (var below in Below(child)) yield return below;
            }
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _stop.Dispose();
    }

    private async Task FollowAsync(ResourceNotificationService notifications, CancellationToken ct)
    {
        try
        {
            await foreach (var e in notifications.WatchAsync(ct))
            {
                if (e.Resource is not ParameterResource) _latest[e.ResourceId] = e;
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }
}
