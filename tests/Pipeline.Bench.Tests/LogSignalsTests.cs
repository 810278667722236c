using Microsoft.Extensions.Logging;
using Smarketing.Pipeline.Bench;
using Smarketing.Pipeline.Bench.Pipeline;

namespace Pipeline.Bench.Tests;

public sealed class LogSignalsTests
{
    // As Aspire.Hosting.Testing forwards a service's line: DCP's timestamp first, the colours the service wrote kept.
    private const string ForwardedWarning =
        "2026-12-02T18:49:54.3150000Z 18:49:54.315 \u001b[40m\u001b[1m\u001b[33mwarn\u001b[39m\u001b[22m\u001b[49m: Smarketing.Outbox[0] Publish of 3f2c8a4e-1b7d-4c1e-9a51-4f7d2c1e9b10 failed, retry 2";

    [Fact]
    public void A_forwarded_line_is_kept_as_the_process_wrote_it() =>
        Assert.Equal("18:49:54.315 warn: Smarketing.Outbox[0] Publish of 3f2c8a4e-1b7d-4c1e-9a51-4f7d2c1e9b10 failed, retry 2",
            ResourceLogs.Plain(ForwardedWarning));

    [Fact]
    public void Warnings_after_the_mark_are_counted_per_resource_and_kind()
    {
        var logs = new ResourceLogs();
        using var factory = LoggerFactory.Create(logging => logging.AddProvider(logs));
        var gateway = factory.CreateLogger("Smarketing.AppHost.Resources.gateway");
        var signals = new LogSignals(logs);
        Forward(gateway, 1, ForwardedWarning);
        signals.Mark();

        Forward(gateway, 2, ForwardedWarning.Replace("retry 2", "retry 3"));
        Forward(gateway, 3, "2026-12-02T18:49:55.0000000Z 18:49:55.000 info: Smarketing.Outbox[0] Published");
        Forward(gateway, 4, ForwardedWarning.Replace("3f2c8a4e", "7a9d0b1c"));

        var signal = Assert.Single(signals.SinceMark());
        Assert.Equal("gateway", signal.Resource);
        Assert.Equal(2, signal.Count);
        Assert.Equal(4, logs.Tail("gateway", 10).Count);
    }

    // The forwarder's own message template.
    private static void Forward(ILogger logger, int lineNumber, string content) =>
        logger.Log(LogLevel.Information, "{LineNumber}: {LineContent}", lineNumber, content);
}
