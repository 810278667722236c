using Smarketing.FollowUp;
using Smarketing.FollowUp.Api;
using Smarketing.FollowUp.Data;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddFollowUpServices();

var app = builder.Build();

await app.MigrateDatabaseAsync<FollowUpDbContext>();

app.MapDefaultEndpoints();
app.MapFollowUpApi();

app.Run();
