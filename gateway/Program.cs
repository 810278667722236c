using Smarketing.Gateway;
using Smarketing.Gateway.Identity;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddGatewayServices();

var app = builder.Build();

await app.MigrateDatabaseAsync<IdentityDbContext>();
await app.SeedIdentityAsync();

app.UseMiddleware<ApiKeyMiddleware>();
app.UseMiddleware<SessionCookieMiddleware>();
app.MapDefaultEndpoints();
app.UseMiddleware<CsrfMiddleware>();
app.MapAuthApi();
app.MapUsersApi();
app.MapApiKeysApi();
app.MapLiveUpdates();
app.MapReverseProxy();
app.MapWebFrontEnd();

app.Run();
