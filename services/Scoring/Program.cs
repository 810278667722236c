using Smarketing.Scoring;
using Smarketing.Scoring.Api;
using Smarketing.Scoring.Data;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddScoringServices();

var app = builder.Build();

await app.MigrateDatabaseAsync<ScoringDbContext>();
await app.SeedDefaultScoringModelAsync();

app.MapDefaultEndpoints();
app.MapScoringApi();

app.Run();
