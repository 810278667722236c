using Smarketing.Gateway;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddGatewayServices();

var app = builder.Build();

app.UseStatusCodePages();
app.UseMiddleware<ApiKeyMiddleware>();
app.MapDefaultEndpoints();
app.MapReverseProxy();

app.Run();
