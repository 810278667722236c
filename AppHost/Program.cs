using Smarketing.AppHost;
using Smarketing.AppHost.Hosting;

var builder = DistributedApplicationBuilder.CreateBuilder();

builder.AddSmarketing();

await using var app = builder.Build();

await app.RunAsync();
