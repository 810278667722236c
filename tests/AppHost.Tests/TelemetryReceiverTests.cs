using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Google.Protobuf;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Proto.Collector.Logs.V1;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Smarketing.AppHost.Dashboard.Telemetry;
using static Smarketing.AppHost.Tests.TelemetryTestData;

namespace Smarketing.AppHost.Tests;

/// <summary>
/// The OTLP receiver on a real Kestrel, fed by the real OpenTelemetry .NET SDK exporter (http/protobuf):
/// proves the proto field numbers on the wire, then the key, content type, gzip and size rules.
/// </summary>
public sealed class TelemetryReceiverTests : IAsyncLifetime
{
    private TelemetryTestServer _server = null!;

    public async Task InitializeAsync() => _server = await TelemetryTestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public void Spans_logs_and_metrics_from_the_OpenTelemetry_SDK_arrive_intact()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var resource = ResourceBuilder.CreateEmpty().AddService("checkout", serviceInstanceId: "checkout-7");
        using var source = new ActivitySource($"Smarketing.Tests.{suffix}");
        using var meter = new Meter($"Smarketing.Tests.{suffix}");
        var orders = meter.CreateCounter<long>("smarketing.test.orders", "{order}", "Orders placed");
        var latency = meter.CreateHistogram<double>("smarketing.test.latency", "ms");

        using var tracing = Sdk.CreateTracerProviderBuilder().SetResourceBuilder(resource).AddSource(source.Name)
            .AddOtlpExporter(o => Export(o, "traces")).Build();
        using var metrics = Sdk.CreateMeterProviderBuilder().SetResourceBuilder(resource).AddMeter(meter.Name)
            .AddOtlpExporter((o, reader) =>
            {
                Export(o, "metrics");
                reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = 600_000;
            })
            .Build();
        var logging = LoggerFactory.Create(b => b.AddOpenTelemetry(o =>
        {
            o.SetResourceBuilder(resource);
            o.AddOtlpExporter(e => Export(e, "logs"));
        }));

        string traceId, parentId, childId;
        using (var parent = source.StartActivity("POST /orders", ActivityKind.Server)!)
        {
            using var child = source.StartActivity("charge card", ActivityKind.Client)!;
            child.SetTag("order.id", "O-42");
            child.SetStatus(ActivityStatusCode.Error, "card declined");
            logging.CreateLogger("Smarketing.Checkout.Orders").LogWarning("Order {OrderId} declined", "O-42");
            (traceId, parentId, childId) = (parent.TraceId.ToHexString(), parent.SpanId.ToHexString(), child.SpanId.ToHexString());
        }
        orders.Add(3);
        orders.Add(4, new KeyValuePair<string, object?>("channel", "web"));
        foreach (var ms in new[] { 12.0, 14, 20, 30, 600 }) latency.Record(ms);
        Assert.True(metrics.ForceFlush(10_000));
        orders.Add(5);
        Assert.True(tracing.ForceFlush(10_000));
        Assert.True(metrics.ForceFlush(10_000));
        logging.Dispose();

        var trace = _server.Store.GetTrace(traceId);
        Assert.NotNull(trace);
        Assert.Equal(["POST /orders", "charge card"], trace.Spans.Select(s => s.Name));
        Assert.Equal((parentId, (string?)null, 0, "Server"), (trace.Spans[0].SpanId, trace.Spans[0].ParentSpanId, trace.Spans[0].Depth, trace.Spans[0].Kind));
        Assert.Equal((childId, parentId, 1, "Client"), (trace.Spans[1].SpanId, trace.Spans[1].ParentSpanId, trace.Spans[1].Depth, trace.Spans[1].Kind));
        Assert.Equal(("Error", "card declined", "O-42"), (trace.Spans[1].Status, trace.Spans[1].StatusMessage, trace.Spans[1].Attributes["order.id"]));
        Assert.Equal(("checkout", "checkout-7"), (trace.Spans[1].Resource, trace.Spans[1].Instance));
        Assert.Equal("checkout: POST /orders", trace.Name);

        var log = Assert.Single(_server.Store.GetLogs(new LogQuery(Resource: "checkout")).Items);
        Assert.Equal(("Warning", "Smarketing.Checkout.Orders", "Order O-42 declined"), (log.Level, log.Category, log.Message));
        Assert.Equal((traceId, childId, "checkout-7"), (log.TraceId, log.SpanId, log.Instance));
        Assert.Equal("O-42", log.Attributes["OrderId"]);

        var counter = _server.Store.GetMetricSeries(new MetricSeriesQuery("smarketing.test.orders", "checkout"))!;
        Assert.Equal(("Sum", "{order}", 12.0), (counter.Type, counter.Unit, counter.Total));
        Assert.NotEmpty(counter.Points);
        var histogram = _server.Store.GetMetricSeries(new MetricSeriesQuery("smarketing.test.latency", "checkout"))!;
        Assert.Equal(("Histogram", "ms", 5.0), (histogram.Type, histogram.Unit, histogram.Total));
        // Each flush exports the cumulative histogram again: flushes on either side of a window step are two points of the same figures.
        Assert.InRange(histogram.Points.Last().P50!.Value, 10, 25);
        Assert.Contains(_server.Store.GetInstruments().Items, i => i.Name == "smarketing.test.orders" && i.Description == "Orders placed");
        Assert.Equal(["checkout-7"], _server.Store.GetResources().Items.Single(r => r.Name == "checkout").Instances);
    }

    [Fact]
    public async Task A_wrong_or_missing_key_is_401()
    {
        using var wrong = Post("/v1/logs", SampleLogs().ToByteArray(), "application/x-protobuf", key: "nope");
        using var missing = Post("/v1/traces", [], "application/x-protobuf", key: null);

        Assert.Equal(HttpStatusCode.Unauthorized, (await _server.Http.SendAsync(wrong)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _server.Http.SendAsync(missing)).StatusCode);
        Assert.Equal(0, _server.Store.GetLogs(new LogQuery()).Total);
    }

    [Fact]
    public async Task Otlp_json_is_415_and_says_so()
    {
        using var request = Post("/v1/metrics", "{\"resourceMetrics\":[]}"u8.ToArray(), "application/json");

        using var response = await _server.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("OTLP/JSON is not supported", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_gzip_body_is_accepted_and_answered_with_the_protobuf_response()
    {
        using var compressed = new MemoryStream();
        await using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true)) SampleLogs().WriteTo(gzip);
        using var request = Post("/v1/logs", compressed.ToArray(), "application/x-protobuf");
        request.Content!.Headers.ContentEncoding.Add("gzip");

        using var response = await _server.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/x-protobuf", response.Content.Headers.ContentType?.MediaType);
        var answer = ExportLogsServiceResponse.Parser.ParseFrom(await response.Content.ReadAsByteArrayAsync());
        Assert.Null(answer.PartialSuccess);
        Assert.Equal("gzipped", _server.Store.GetLogs(new LogQuery()).Items.Single().Message);
    }

    [Fact]
    public async Task Bodies_over_16_MB_are_413_and_garbage_is_400()
    {
        using var huge = Post("/v1/logs", new byte[17 * 1024 * 1024], "application/x-protobuf");
        using var garbage = Post("/v1/logs", [0xFF, 0xFF, 0xFF], "application/x-protobuf");

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await _server.Http.SendAsync(huge)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await _server.Http.SendAsync(garbage)).StatusCode);
    }

    [Fact]
    public async Task The_telemetry_api_answers_in_the_contract_shape_and_rejects_bad_query_values()
    {
        _server.Store.Ingest(Spans(Resource("gateway", "gateway-0"), Span(1, 1, null, "POST /api/leads", 0, 10)));

        using var trace = JsonDocument.Parse(await _server.Http.GetStringAsync($"/api/telemetry/traces/{Hex(TraceId(1))}"));
        var span = trace.RootElement.GetProperty("spans")[0];
        Assert.Equal("gateway: POST /api/leads", trace.RootElement.GetProperty("name").GetString());
        Assert.Equal(JsonValueKind.Null, span.GetProperty("parentSpanId").ValueKind);
        Assert.Equal("gateway-0", span.GetProperty("instance").GetString());
        using var list = JsonDocument.Parse(await _server.Http.GetStringAsync("/api/telemetry/traces?resource=gateway&limit=5"));
        Assert.Equal(1, list.RootElement.GetProperty("total").GetInt32());
        Assert.True(list.RootElement.GetProperty("items")[0].GetProperty("hasError").ValueKind == JsonValueKind.False);

        using var badLimit = await _server.Http.GetAsync("/api/telemetry/logs?limit=abc&level=loud");
        Assert.Equal(HttpStatusCode.BadRequest, badLimit.StatusCode);
        using var problem = JsonDocument.Parse(await badLimit.Content.ReadAsStringAsync());
        Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty("limit", out _));
        Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty("level", out _));
        Assert.Equal(HttpStatusCode.NotFound, (await _server.Http.GetAsync($"/api/telemetry/traces/{Hex(TraceId(2))}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _server.Http.GetAsync("/api/telemetry/metrics/series?name=nothing")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await _server.Http.GetAsync("/api/telemetry/metrics/series?name=x&minutes=0")).StatusCode);
    }

    private void Export(OtlpExporterOptions options, string signal)
    {
        options.Protocol = OtlpExportProtocol.HttpProtobuf;
        options.Endpoint = new Uri($"{_server.Address}/v1/{signal}");
        options.Headers = $"x-otlp-api-key={TelemetryTestServer.ApiKey}";
    }

    private static ExportLogsServiceRequest SampleLogs() => Logs(Resource("scoring"), "Scoring", Log("gzipped"));

    private static HttpRequestMessage Post(string path, byte[] body, string contentType, string? key = TelemetryTestServer.ApiKey)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        if (key is not null) request.Headers.Add("x-otlp-api-key", key);
        return request;
    }
}
