using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Smarketing.ServiceDefaults.Data;
using Smarketing.ServiceDefaults.Security;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// What every Smarketing process shares, on the model of Aspire's ServiceDefaults project:
/// telemetry, health, service discovery and resilient HTTP clients.
/// </summary>
public static class ServiceDefaultsExtensions
{
    public const string HealthPath = "/health";
    public const string AlivePath = "/alive";
    public const string LiveTag = "live";

    /// <summary>The meter of Smarketing's own instruments (lead counters, outbox lag).</summary>
    public const string MeterName = "Smarketing";

    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss.fff ";
            o.UseUtcTimestamp = true;
        });
        // Per-command SQL and per-request lines drown what matters (the outbox relay polls); raise them in config to debug.
        builder.Logging.AddFilter("Microsoft.EntityFrameworkCore.Database.Command", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.EntityFrameworkCore.Migrations", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Information);
        // Off, so that it opens no per-request log scope: its RequestPath would put a touch link's signed token on every
        // log record exported over OTLP. Records still carry the trace and span ids, and the span has the redacted path.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.None);
        builder.ConfigureOpenTelemetry();
        builder.AddDefaultHealthChecks();
        builder.Services.AddServiceDiscovery();
        builder.Services.ConfigureHttpClientDefaults(http =>
        {
            http.AddStandardResilienceHandler();
            http.AddServiceDiscovery();
        });
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<Smarketing.ServiceDefaults.Resilience.DependencyUnavailableHandler>();
        builder.AddDefaultAuthentication();
        return builder;
    }

    /// <summary>
    /// Logs, traces and metrics over OTLP to the collector in OTEL_EXPORTER_OTLP_ENDPOINT (the AppHost's dashboard, or
    /// any other). Without one nothing is instrumented: activities, log records and measurements that no exporter sends
    /// would only cost CPU (the console log stays).
    /// </summary>
    public static TBuilder ConfigureOpenTelemetry<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        if (!HasCollector(builder.Configuration)) return builder;

        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter("MassTransit")
                .AddMeter(MeterName))
            .WithTracing(tracing => tracing
                .AddSource(builder.Environment.ApplicationName)
                .AddSource("MassTransit")
                .AddSource(OutboxTracing.ActivitySourceName)
                .AddAspNetCoreInstrumentation(o =>
                {
                    o.Filter = context =>
                        !context.Request.Path.StartsWithSegments(HealthPath) &&
                        !context.Request.Path.StartsWithSegments(AlivePath);
                    o.EnrichWithHttpRequest = SecretUrls.RedactServerSpan;
                })
                .AddHttpClientInstrumentation(o => o.EnrichWithHttpRequestMessage = SecretUrls.RedactClientSpan))
            .UseOtlpExporter();

        return builder;
    }

    /// <summary>True when telemetry has somewhere to go (OTEL_EXPORTER_OTLP_ENDPOINT): only then is anything instrumented.</summary>
    public static bool HasCollector(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);

    public static TBuilder AddDefaultHealthChecks<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddHealthChecks().AddCheck("self", () => HealthCheckResult.Healthy(), [LiveTag]);
        return builder;
    }

    /// <summary>
    /// /health is readiness (every dependency reachable), /alive is liveness; both in every environment.
    /// <paramref name="beforeAuthentication"/> runs inside the error handling, before the caller is authenticated (the
    /// gateway turns an API key into a token there).
    /// </summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app, Action<WebApplication>? beforeAuthentication = null)
    {
        // Explicit order: unhandled errors (500, or 503 when a dependency is away) and empty 401/403/404 answers become
        // problem details too.
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        beforeAuthentication?.Invoke(app);
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapHealthChecks(HealthPath).AllowAnonymous();
        app.MapHealthChecks(AlivePath, new HealthCheckOptions { Predicate = r => r.Tags.Contains(LiveTag) }).AllowAnonymous();
        app.LogRouteTableOnStart();
        return app;
    }
}
