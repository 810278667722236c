using Microsoft.Extensions.Logging;
using OpenTelemetry.Proto.Logs.V1;
using Smarketing.AppHost.Dashboard.Telemetry;
using static Smarketing.AppHost.Tests.TelemetryTestData;

namespace Smarketing.AppHost.Tests;

/// <summary>The telemetry store's logs: bounded like Aspire's, filtered the way the dashboard's logs view asks.</summary>
public sealed class TelemetryLogTests
{
    [Fact]
    public void Keeps_the_newest_records_up_to_the_limit()
    {
        var store = new TelemetryStore(new TelemetryLimits { MaxLogRecords = 3 });
        for (var i = 1; i <= 5; i++) store.Ingest(Logs(Resource("scoring"), "Cat", Log($"message {i}", at: T0.AddSeconds(i))));

        var page = store.GetLogs(new LogQuery());

        Assert.Equal(3, page.Total);
        Assert.Equal(["message 5", "message 4", "message 3"], page.Items.Select(l => l.Message));
    }

    [Fact]
    public void Names_the_resource_instance_level_and_category_and_keeps_at_most_128_attributes()
    {
        var store = new TelemetryStore();
        var attributes = Enumerable.Range(0, 200).Select(i => Attribute($"key{i}", $"value{i}")).ToArray();
        store.Ingest(Logs(Resource("scoring", "scoring-1"), "Smarketing.Scoring.Consumer", Log("hello", SeverityNumber.Warn2, null, attributes)));

        var log = Assert.Single(store.GetLogs(new LogQuery()).Items);

        Assert.Equal(("scoring", "scoring-1", "Warning", "Smarketing.Scoring.Consumer"), (log.Resource, log.Instance, log.Level, log.Category));
        Assert.Equal(128, log.Attributes.Count);
        Assert.Equal(["scoring-1"], store.GetResources().Items.Single().Instances);
    }

    [Fact]
    public void Filters_by_resource_minimum_level_text_and_trace_id()
    {
        var store = new TelemetryStore();
        var traced = Log("lead scored", SeverityNumber.Info);
        traced.TraceId = TraceId(7);
        traced.SpanId = SpanId(8);
        store.Ingest(Logs(Resource("scoring"), "Scoring", traced, Log("cache miss", SeverityNumber.Debug), Log("db down", SeverityNumber.Error)));
        store.Ingest(Logs(Resource("ingestion"), "Ingestion", Log("lead captured", SeverityNumber.Warn, null, Attribute("LeadId", "L-42"))));

        string[] Messages(LogQuery q) => store.GetLogs(q).Items.Select(l => l.Message).Order().ToArray();

        Assert.Equal(["cache miss", "db down", "lead scored"], Messages(new LogQuery(Resource: "scoring")));
        Assert.Equal(["db down", "lead captured"], Messages(new LogQuery(MinLevel: LogLevel.Warning)));
        Assert.Equal(["lead captured"], Messages(new LogQuery(Text: "l-42")));
        Assert.Equal(["cache miss", "db down", "lead scored"], Messages(new LogQuery(Text: "SCORING")));
        Assert.Equal(["lead scored"], Messages(new LogQuery(TraceId: Hex(TraceId(7)))));
        var log = store.GetLogs(new LogQuery(TraceId: Hex(TraceId(7)))).Items.Single();
        Assert.Equal((Hex(TraceId(7)), Hex(SpanId(8))), (log.TraceId, log.SpanId));
    }

    [Fact]
    public void Fills_a_message_template_from_the_attributes_and_shows_the_exception()
    {
        var store = new TelemetryStore();
        store.Ingest(Logs(Resource("scoring"), "Scoring",
            Log("Lead {LeadId} scored {Score:0.0} {{literally}}", SeverityNumber.Error, null,
                Attribute("LeadId", "L-1"), Attribute("Score", "87.5"),
                Attribute("exception.type", "InvalidOperationException"), Attribute("exception.message", "no rules"))));

        var log = store.GetLogs(new LogQuery()).Items.Single();

        Assert.Equal("Lead L-1 scored 87.5 {literally}", log.Message);
        Assert.Equal("InvalidOperationException: no rules", log.Exception);
        Assert.Equal(["LeadId", "Score"], log.Attributes.Keys.Order());
    }

    [Fact]
    public void Leaves_an_already_formatted_body_alone()
    {
        var store = new TelemetryStore();
        store.Ingest(Logs(Resource("scoring"), "Scoring",
            Log("Payload {\"LeadId\": 1}", SeverityNumber.Info, null, Attribute("{OriginalFormat}", "Payload {Json}"), Attribute("LeadId", "2"))));

        Assert.Equal("Payload {\"LeadId\": 1}", store.GetLogs(new LogQuery()).Items.Single().Message);
    }
}
