using Microsoft.Extensions.DependencyInjection;
using Smarketing.AppHost;
using Smarketing.AppHost.Local;

// Smarketing's app model: `make run` and the end-to-end tests (Aspire.Hosting.Testing) start this same model.
var builder = DistributedApplication.CreateBuilder(LocalDashboard.WithDefaults(args));
var settings = LocalSettings.For(builder);

var postgres = builder.AddPostgres("postgres");
var ingestionDb = postgres.AddDatabase("ingestiondb");
var scoringDb = postgres.AddDatabase("scoringdb");
var assignmentDb = postgres.AddDatabase("assignmentdb");
var followUpDb = postgres.AddDatabase("followupdb");
var reportingDb = postgres.AddDatabase("reportingdb");
var identityDb = postgres.AddDatabase("identitydb");
// Every service checks sessions against the state the gateway keeps in Redis, so every service references it.
var cache = builder.AddRedis("cache");
var messaging = builder.AddRabbitMQ("messaging");

// Generated once per install (secrets.json in the data directory); SMARKETING_API_KEY / SMARKETING_ADMIN_PASSWORD win.
var signingKey = builder.AddParameter("signing-key", secret: true);
var apiKey = builder.AddParameter("api-key", secret: true);
var adminPassword = builder.AddParameter("admin-password", secret: true);

var ingestion = builder.AddProject<Projects.Smarketing_Ingestion>("ingestion")
    .WithReference(ingestionDb).WaitFor(ingestionDb)
    .WithReference(cache).WaitFor(cache)
    .WithReference(messaging).WaitFor(messaging)
    .AsSmarketingService(settings, signingKey)
    .WithHttpHealthCheck("/health");

var scoring = builder.AddProject<Projects.Smarketing_Scoring>("scoring")
    .WithReference(scoringDb).WaitFor(scoringDb)
    .WithReference(cache).WaitFor(cache)
    .WithReference(messaging).WaitFor(messaging)
    .AsSmarketingService(settings, signingKey)
    .WithReplicas(settings.Replicas)
    .WithHttpHealthCheck("/health");

var assignment = builder.AddProject<Projects.Smarketing_Assignment>("assignment")
    .WithReference(assignmentDb).WaitFor(assignmentDb)
    .WithReference(cache).WaitFor(cache)
    .WithReference(messaging).WaitFor(messaging)
    .AsSmarketingService(settings, signingKey)
    .WithReplicas(settings.Replicas)
    .WithHttpHealthCheck("/health");

var followUp = builder.AddProject<Projects.Smarketing_FollowUp>("followup")
    .WithReference(followUpDb).WaitFor(followUpDb)
    .WithReference(cache).WaitFor(cache)
    .WithReference(messaging).WaitFor(messaging)
    .AsSmarketingService(settings, signingKey)
    .WithHttpHealthCheck("/health");

var reporting = builder.AddProject<Projects.Smarketing_Reporting>("reporting")
    .WithReference(reportingDb).WaitFor(reportingDb)
    .WithReference(cache).WaitFor(cache)
    .WithReference(messaging).WaitFor(messaging)
    .AsSmarketingService(settings, signingKey)
    .WithHttpHealthCheck("/health");

builder.AddProject<Projects.Smarketing_Gateway>("gateway")
    .WithReference(messaging).WaitFor(messaging)
    .WithReference(identityDb).WaitFor(identityDb)
    .WithReference(cache).WaitFor(cache)
    .WithReference(ingestion).WaitFor(ingestion)
    .WithReference(scoring).WaitFor(scoring)
    .WithReference(assignment).WaitFor(assignment)
    .WithReference(followUp).WaitFor(followUp)
    .WithReference(reporting).WaitFor(reporting)
    .AsSmarketingService(settings, signingKey, port: settings.GatewayPort)
    .WithExternalHttpEndpoints()
    .WithEnvironment("Gateway__ApiKeys__0", apiKey)
    .WithEnvironment("Gateway__AdminPassword", adminPassword)
    .WithEnvironment("Gateway__WebRoot", Path.GetFullPath(Path.Combine(builder.AppHostDirectory, "..", "gateway", "web", "dist")))
    .WithHttpHealthCheck("/health");

builder.Services.AddHostedService<StartupSummary>();

builder.Build().Run();
