using Smarketing.AppHost.Hosting;

namespace Smarketing.AppHost;

/// <summary>
/// Every resource of Smarketing and how they depend on each other. `make run` and the end-to-end tests start
/// this same model; only the options (ports, data directory) differ.
/// </summary>
public static class SmarketingAppModel
{
    public static DistributedApplicationBuilder AddSmarketing(this DistributedApplicationBuilder builder)
    {
        var postgres = builder.AddPostgres("postgres");
        var ingestionDb = postgres.AddDatabase("ingestiondb");
        var scoringDb = postgres.AddDatabase("scoringdb");
        var assignmentDb = postgres.AddDatabase("assignmentdb");
        var followUpDb = postgres.AddDatabase("followupdb");
        var reportingDb = postgres.AddDatabase("reportingdb");
        var cache = builder.AddRedis("cache");
        var messaging = builder.AddRabbitMQ("messaging");

        var ingestion = builder.AddProject("ingestion", "services/Ingestion/Smarketing.Ingestion")
            .WithReference(ingestionDb).WaitFor(ingestionDb)
            .WithReference(messaging).WaitFor(messaging);

        var scoring = builder.AddProject("scoring", "services/Scoring/Smarketing.Scoring")
            .WithReference(scoringDb).WaitFor(scoringDb)
            .WithReference(messaging).WaitFor(messaging)
            .WithReplicas(2);

        var assignment = builder.AddProject("assignment", "services/Assignment/Smarketing.Assignment")
            .WithReference(assignmentDb).WaitFor(assignmentDb)
            .WithReference(cache).WaitFor(cache)
            .WithReference(messaging).WaitFor(messaging);

        var followUp = builder.AddProject("followup", "services/FollowUp/Smarketing.FollowUp")
            .WithReference(followUpDb).WaitFor(followUpDb)
            .WithReference(messaging).WaitFor(messaging);

        var reporting = builder.AddProject("reporting", "services/Reporting/Smarketing.Reporting")
            .WithReference(reportingDb).WaitFor(reportingDb)
            .WithReference(messaging).WaitFor(messaging);

        builder.AddProject("gateway", "gateway/Smarketing.Gateway")
            .WithHttpEndpoint(builder.Options.GatewayPort)
            .WithReference(ingestion).WaitFor(ingestion)
            .WithReference(scoring).WaitFor(scoring)
            .WithReference(assignment).WaitFor(assignment)
            .WithReference(followUp).WaitFor(followUp)
            .WithReference(reporting).WaitFor(reporting)
            .WithParameter("Gateway__ApiKeys__0", secrets => secrets.ApiKey);

        return builder;
    }
}
