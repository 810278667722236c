using Smarketing.AppHost.Hosting;
using Smarketing.AppHost.Hosting.Resources;

namespace Smarketing.AppHost;

/// <summary>
/// Every resource of Smarketing and how they depend on each other. `make run` and the end-to-end tests start
/// this same model; only the options (ports, data directory) differ.
/// </summary>
public static class SmarketingAppModel
{
    /// <summary>Replicas of scoring and assignment (two by default, to prove they share the work); SMARKETING_REPLICAS sets it.</summary>
    public static int ScaledReplicas =>
        int.TryParse(Environment.GetEnvironmentVariable("SMARKETING_REPLICAS"), out var replicas) && replicas is > 0 and <= 8 ? replicas : 2;

    public static DistributedApplicationBuilder AddSmarketing(this DistributedApplicationBuilder builder)
    {
        var postgres = builder.AddPostgres("postgres");
        var ingestionDb = postgres.AddDatabase("ingestiondb");
        var scoringDb = postgres.AddDatabase("scoringdb");
        var assignmentDb = postgres.AddDatabase("assignmentdb");
        var followUpDb = postgres.AddDatabase("followupdb");
        var reportingDb = postgres.AddDatabase("reportingdb");
        var identityDb = postgres.AddDatabase("identitydb");
        var cache = builder.AddRedis("cache");
        var messaging = builder.AddRabbitMQ("messaging");

        var ingestion = builder.AddProject("ingestion", "services/Ingestion/Smarketing.Ingestion")
            .WithReference(ingestionDb).WaitFor(ingestionDb)
            .WithReference(messaging).WaitFor(messaging)
            .WithSigningKey();

        var scoring = builder.AddProject("scoring", "services/Scoring/Smarketing.Scoring")
            .WithReference(scoringDb).WaitFor(scoringDb)
            .WithReference(messaging).WaitFor(messaging)
            .WithSigningKey()
            .WithReplicas(ScaledReplicas);

        var assignment = builder.AddProject("assignment", "services/Assignment/Smarketing.Assignment")
            .WithReference(assignmentDb).WaitFor(assignmentDb)
            .WithReference(cache).WaitFor(cache)
            .WithReference(messaging).WaitFor(messaging)
            .WithSigningKey()
            .WithReplicas(ScaledReplicas);

        var followUp = builder.AddProject("followup", "services/FollowUp/Smarketing.FollowUp")
            .WithReference(followUpDb).WaitFor(followUpDb)
            .WithReference(messaging).WaitFor(messaging)
            .WithSigningKey();

        var reporting = builder.AddProject("reporting", "services/Reporting/Smarketing.Reporting")
            .WithReference(reportingDb).WaitFor(reportingDb)
            .WithReference(cache).WaitFor(cache)
            .WithReference(messaging).WaitFor(messaging)
            .WithSigningKey();

        builder.AddProject("gateway", "gateway/Smarketing.Gateway")
            .WithHttpEndpoint(builder.Options.GatewayPort)
            .WithReference(messaging).WaitFor(messaging)
            .WithReference(identityDb).WaitFor(identityDb)
            .WithReference(cache).WaitFor(cache)
            .WithReference(ingestion).WaitFor(ingestion)
            .WithReference(scoring).WaitFor(scoring)
            .WithReference(assignment).WaitFor(assignment)
            .WithReference(followUp).WaitFor(followUp)
            .WithReference(reporting).WaitFor(reporting)
            .WithSigningKey()
            .WithParameter("Gateway__ApiKeys__0", secrets => secrets.ApiKey)
            .WithParameter("Gateway__AdminPassword", secrets => secrets.AdminPassword)
            .WithEnvironment("Gateway__WebRoot", Path.Combine(builder.Options.RepositoryRoot, "gateway", "web", "dist"));

        return builder;
    }

    /// <summary>The per-install key the gateway signs access tokens with and every service validates them with.</summary>
    private static IResourceBuilder<ProjectResource> WithSigningKey(this IResourceBuilder<ProjectResource> project) =>
        project.WithParameter("Auth__SigningKey", secrets => secrets.SigningKey!);
}
