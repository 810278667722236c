using Smarketing.AppHost.Hosting;
using Smarketing.AppHost.Hosting.Resources;

namespace Smarketing.AppHost.Dashboard;

public sealed record ResourceList(IReadOnlyList<ResourceView> Items);

public sealed record HealthView(string Status, string? Report, DateTime? CheckedAt);

public sealed record HealthReportView(DateTime At, string Status, string Report);

public sealed record EnvironmentVariableView(string Name, string Value, bool Secret);

public sealed record ReplicaView(string Name, int? Pid, string? Url, bool Running, DateTime? StartedAt);

/// <summary>A resource as the dashboard shows it: state, health, processes, endpoints, environment (secrets masked), references.</summary>
public sealed record ResourceView(
    string Name,
    string Kind,
    string State,
    HealthView Health,
    IReadOnlyList<HealthReportView> HealthReports,
    IReadOnlyList<int> Pids,
    DateTime? StartedAt,
    double? UptimeSeconds,
    int Restarts,
    int? ExitCode,
    IReadOnlyList<ResourceEndpoint> Endpoints,
    IReadOnlyList<EnvironmentVariableView> Environment,
    IReadOnlyList<string> References,
    IReadOnlyList<ReplicaView> Replicas,
    IReadOnlyList<string> Commands)
{
    public static ResourceView From(Resource resource, SecretMask mask)
    {
        var reports = resource.HealthReports;
        var running = resource.State is ResourceState.Running or ResourceState.Unhealthy;
        // Health is only known while it runs; then it is the latest check's verdict.
        var health = !running ? "Unknown" : reports.Count > 0 && reports[0].Healthy && resource.State == ResourceState.Running ? "Healthy" : "Unhealthy";
        var startedAt = running ? resource.StartedAt : null;
        return new ResourceView(
            resource.Name,
            resource.Kind,
            resource.State.ToString(),
            new HealthView(health, mask.Apply(resource.HealthReport), reports.Count > 0 ? reports[0].At : null),
            reports.Select(r => new HealthReportView(r.At, r.Healthy ? "Healthy" : "Unhealthy", mask.Apply(r.Report)!)).ToList(),
            resource.ProcessIds,
            startedAt,
            startedAt is { } at ? Math.Round((DateTime.UtcNow - at).TotalSeconds, 1) : null,
            resource.Restarts,
            resource.ExitCode,
            resource.Endpoints,
            EnvironmentOf(resource).Select(e => mask.View(e.Key, e.Value)).ToList(),
            resource.References,
            resource.Instances.Select(i => new ReplicaView(i.Name, i.Pid, i.Url, i.Running, i.StartedAt)).ToList(),
            ResourceCommands.Allowed(resource));
    }

    private static IEnumerable<KeyValuePair<string, string>> EnvironmentOf(Resource resource) => resource switch
    {
        ProjectResource project => project.Environment,
        IResourceWithConnectionString source => [new($"ConnectionStrings__{source.Name}", source.ConnectionString)],
        PostgresServerResource server => [new("ConnectionString", server.ConnectionStringFor("postgres"))],
        _ => resource.Environment,
    };
}

/// <summary>Hides every per-install secret wherever it appears (connection strings, keys, health reports).</summary>
public sealed class SecretMask(IEnumerable<string> secrets)
{
    public const string Masked = "******";
    private readonly string[] _secrets = secrets.Where(s => s.Length >= 6).Distinct().OrderByDescending(s => s.Length).ToArray();

    public static SecretMask For(Secrets secrets, params string[] more) =>
        new([secrets.PostgresPassword, secrets.RedisPassword, secrets.RabbitPassword, secrets.ApiKey, secrets.AdminPassword, secrets.SigningKey ?? "", .. more]);

    public string? Apply(string? text)
    {
        if (text is null) return null;
        foreach (var secret in _secrets) text = text.Replace(secret, Masked, StringComparison.Ordinal);
        return text;
    }

    public EnvironmentVariableView View(string name, string value)
    {
        var masked = Apply(value)!;
        return new EnvironmentVariableView(name, masked, masked != value);
    }
}
