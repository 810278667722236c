using Smarketing.Gateway;
using Smarketing.Gateway.Identity;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddGatewayServices();

var app = builder.Build();

await app.MigrateDatabaseAsync<IdentityDbContext>();
await app.SeedIdentityAsync();

app.MapDefaultEndpoints(beforeAuthentication: pipeline =>
{
    pipeline.UseMiddleware<ApiKeyMiddleware>();
    pipeline.UseMiddleware<SessionCookieMiddleware>();
});
app.UseMiddleware<CsrfMiddleware>();
app.MapAuthApi();
app.MapUsersApi();
app.MapApiKeysApi();
app.MapLiveUpdates();
app.MapReverseProxy(proxy => proxy.UseServiceUnavailableAnswers());
app.MapWebFrontEnd();

app.Run();
