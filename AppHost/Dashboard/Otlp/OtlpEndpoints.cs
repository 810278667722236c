using Google.Protobuf;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OpenTelemetry.Proto.Collector.Logs.V1;
using OpenTelemetry.Proto.Collector.Metrics.V1;
using OpenTelemetry.Proto.Collector.Trace.V1;
using Smarketing.AppHost.Dashboard.Telemetry;

namespace Smarketing.AppHost.Dashboard.Otlp;

/// <summary>
/// The OTLP/HTTP receiver (protobuf only): POST /v1/logs, /v1/traces and /v1/metrics, as every OpenTelemetry
/// SDK sends them with OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf, each answered with its Export*ServiceResponse.
/// </summary>
public static class OtlpEndpoints
{
    public const string ApiKeyHeader = "x-otlp-api-key";
    public const string ProtobufContentType = "application/x-protobuf";
    public const long MaxBodyBytes = 16 * 1024 * 1024;

    /// <summary>Maps the receiver; requests must carry <paramref name="apiKey"/> in the x-otlp-api-key header.</summary>
    /// <returns>The /v1 group.</returns>
    public static RouteGroupBuilder MapOtlp(this IEndpointRouteBuilder app, TelemetryStore store, string apiKey)
    {
        var key = new OtlpApiKey(apiKey);
        // The key is the receiver's only gate: exporters have no dashboard cookie, whatever the server's fallback policy.
        var otlp = app.MapGroup("/v1").AllowAnonymous();
        otlp.MapPost("/logs", (HttpRequest http) => ReceiveAsync(http, key, ExportLogsServiceRequest.Parser, request =>
        {
            var result = store.Ingest(request);
            return new ExportLogsServiceResponse
            {
                PartialSuccess = result.Rejected == 0 ? null
                    : new ExportLogsPartialSuccess { RejectedLogRecords = result.Rejected, ErrorMessage = result.Error ?? "" },
            };
        }));
        otlp.MapPost("/traces", (HttpRequest http) => ReceiveAsync(http, key, ExportTraceServiceRequest.Parser, request =>
        {
            var result = store.Ingest(request);
            return new ExportTraceServiceResponse
            {
                PartialSuccess = result.Rejected == 0 ? null
                    : new ExportTracePartialSuccess { RejectedSpans = result.Rejected, ErrorMessage = result.Error ?? "" },
            };
        }));
        otlp.MapPost("/metrics", (HttpRequest http) => ReceiveAsync(http, key, ExportMetricsServiceRequest.Parser, request =>
        {
            var result = store.Ingest(request);
            return new ExportMetricsServiceResponse
            {
                PartialSuccess = result.Rejected == 0 ? null
                    : new ExportMetricsPartialSuccess { RejectedDataPoints = result.Rejected, ErrorMessage = result.Error ?? "" },
            };
        }));
        return otlp;
    }

    private static async Task<IResult> ReceiveAsync<TRequest>(HttpRequest http, OtlpApiKey key, MessageParser<TRequest> parser,
        Func<TRequest, IMessage> ingest) where TRequest : IMessage<TRequest>
    {
        if (!key.Matches(http.Headers[ApiKeyHeader].ToString()))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "OTLP API key required",
                detail: $"Send the AppHost's per-run key in the {ApiKeyHeader} header (OTEL_EXPORTER_OTLP_HEADERS={ApiKeyHeader}=...).");
        }
        var body = await OtlpBody.ReadAsync(http, MaxBodyBytes, http.HttpContext.RequestAborted);
        if (body.Problem is { } problem) return problem;

        TRequest request;
        try
        {
            request = parser.ParseFrom(body.Bytes);
        }
        catch (InvalidProtocolBufferException e)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Malformed OTLP protobuf", detail: e.Message);
        }
        return TypedResults.Bytes(ingest(request).ToByteArray(), ProtobufContentType);
    }
}
