using Smarketing.Assignment;
using Smarketing.Assignment.Api;
using Smarketing.Assignment.Data;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddAssignmentServices();

var app = builder.Build();

await app.MigrateDatabaseAsync<AssignmentDbContext>();
await app.SeedRosterAsync();

app.MapDefaultEndpoints();
app.MapSalesRepsApi();
app.MapReassignApi();
app.MapRoutingApi();

app.Run();
