using Smarketing.AppHost.Hosting.Resources;

namespace Smarketing.AppHost.Hosting;

/// <summary>A declared resource, for fluent configuration (Aspire's IResourceBuilder&lt;T&gt;).</summary>
public interface IResourceBuilder<out T> where T : class
{
    T Resource { get; }
    DistributedApplicationBuilder ApplicationBuilder { get; }
}

internal sealed record ResourceBuilder<T>(T Resource, DistributedApplicationBuilder ApplicationBuilder) : IResourceBuilder<T> where T : class;

/// <summary>The app model: every resource and how they depend on each other, declared before anything runs.</summary>
public sealed class DistributedApplicationBuilder(AppHostOptions options)
{
    private readonly List<Resource> _resources = [];

    public AppHostOptions Options => options;
    public IReadOnlyList<Resource> Resources => _resources;

    public static DistributedApplicationBuilder CreateBuilder(AppHostOptions? options = null) =>
        new(options ?? AppHostOptions.FromEnvironment());

    public IResourceBuilder<T> AddResource<T>(T resource) where T : Resource
    {
        if (_resources.Any(r => r.Name == resource.Name)) throw new InvalidOperationException($"A resource named {resource.Name} already exists.");
        _resources.Add(resource);
        return new ResourceBuilder<T>(resource, this);
    }

    public IResourceBuilder<PostgresServerResource> AddPostgres(string name) => AddResource(new PostgresServerResource(name));

    public IResourceBuilder<RedisResource> AddRedis(string name) => AddResource(new RedisResource(name));

    public IResourceBuilder<RabbitMQResource> AddRabbitMQ(string name) => AddResource(new RabbitMQResource(name));

    /// <summary>A service by its project folder relative to the repository root, e.g. "services/Scoring/Smarketing.Scoring".</summary>
    public IResourceBuilder<ProjectResource> AddProject(string name, string projectPath) => AddResource(new ProjectResource(name, projectPath));

    public DistributedApplication Build()
    {
        var secrets = Secrets.LoadOrCreate(options.DataDir, options.ApiKey, options.AdminPassword);
        var context = new HostContext(options, secrets);
        foreach (var resource in _resources) resource.Context = context;
        return new DistributedApplication(context, _resources);
    }
}

public static class ResourceBuilderExtensions
{
    public static IResourceBuilder<PostgresDatabaseResource> AddDatabase(this IResourceBuilder<PostgresServerResource> server, string name)
    {
        var database = server.ApplicationBuilder.AddResource(new PostgresDatabaseResource(name, server.Resource));
        database.Resource.WaitsFor.Add(server.Resource);
        return database;
    }

    /// <summary>Injects ConnectionStrings__{name}.</summary>
    public static IResourceBuilder<ProjectResource> WithReference(this IResourceBuilder<ProjectResource> project, IResourceBuilder<IResourceWithConnectionString> source)
    {
        project.Resource.ConnectionReferences.Add(source.Resource);
        return project;
    }

    /// <summary>Injects services__{name}__http__{replica} for every replica of <paramref name="service"/>.</summary>
    public static IResourceBuilder<ProjectResource> WithReference(this IResourceBuilder<ProjectResource> project, IResourceBuilder<ProjectResource> service)
    {
        project.Resource.ServiceReferences.Add(service.Resource);
        return project;
    }

    /// <summary>Holds the resource until <paramref name="dependency"/> is running and healthy.</summary>
    public static IResourceBuilder<T> WaitFor<T>(this IResourceBuilder<T> resource, IResourceBuilder<Resource> dependency) where T : Resource
    {
        resource.Resource.WaitsFor.Add(dependency.Resource);
        return resource;
    }

    /// <summary>Runs <paramref name="replicas"/> competing instances, each with its own port.</summary>
    public static IResourceBuilder<ProjectResource> WithReplicas(this IResourceBuilder<ProjectResource> project, int replicas)
    {
        project.Resource.Replicas = replicas;
        return project;
    }

    /// <summary>Listens on a fixed port (when null, a free one is chosen).</summary>
    public static IResourceBuilder<ProjectResource> WithHttpEndpoint(this IResourceBuilder<ProjectResource> project, int? port)
    {
        project.Resource.FixedPort = port;
        return project;
    }

    public static IResourceBuilder<ProjectResource> WithEnvironment(this IResourceBuilder<ProjectResource> project, string key, string value)
    {
        project.Resource.ExtraEnvironment[key] = value;
        return project;
    }

    /// <summary>A secret (generated per install or given by the operator) injected as <paramref name="key"/>.</summary>
    public static IResourceBuilder<ProjectResource> WithParameter(this IResourceBuilder<ProjectResource> project, string key, Func<Secrets, string> value)
    {
        project.Resource.Parameters[key] = value;
        return project;
    }
}
