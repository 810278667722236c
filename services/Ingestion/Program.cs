using Smarketing.Ingestion;
using Smarketing.Ingestion.Api;
using Smarketing.Ingestion.Data;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddIngestionServices();

var app = builder.Build();

await app.MigrateDatabaseAsync<IngestionDbContext>();

app.MapDefaultEndpoints();
app.MapLeadCaptureApi();
app.MapTrafficApi();

app.Run();
