using Smarketing.Reporting;
using Smarketing.Reporting.Api;
using Smarketing.Reporting.Data;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddReportingServices();

var app = builder.Build();

await app.MigrateDatabaseAsync<ReportingDbContext>();

app.MapDefaultEndpoints();
app.MapLeadsApi();
app.MapReportsApi();

app.Run();
