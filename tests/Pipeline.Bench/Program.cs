using System.Globalization;
using System.Runtime.InteropServices;
using Smarketing.Pipeline.Bench;
using Smarketing.Pipeline.Bench.Reporting;

// Issue 9: how fast a lead goes from capture to an owner, and how far that is from this machine's raw limits, in one run.
// The whole platform starts from the AppHost's app model (Release); the raw limits of RabbitMQ, PostgreSQL and
// Kestrel/YARP are measured first; then hot leads are posted through the gateway, single and in batches, at fixed
// open-loop rates stepped up until the platform falls behind. `--quick` (or SMARKETING_BENCH_QUICK=1) is the short run.
// Reports read the same on every machine: 1,234.5 whatever the locale.
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
var settings = args.Contains("--quick") || Environment.GetEnvironmentVariable("SMARKETING_BENCH_QUICK") == "1" ? BenchSettings.Quick : BenchSettings.Full;
var durable = Environment.GetEnvironmentVariable("SMARKETING_BENCH_EPHEMERAL") != "1";
var dashboard = Environment.GetEnvironmentVariable("SMARKETING_BENCH_DASHBOARD") == "1";
var echo = Environment.GetEnvironmentVariable("SMARKETING_BENCH_ECHO") == "1";

using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    if (!stop.IsCancellationRequested) Console.Error.WriteLine("Interrupted: stopping the platform…");
    stop.Cancel();
};
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c =>
{
    c.Cancel = true;
    stop.Cancel();
});

// `--hold RATE SECONDS`: one steady rate for a profiler to watch, instead of the ladder (prints, writes no report).
var holdAt = Array.IndexOf(args, "--hold");
var hold = holdAt >= 0 && args.Length > holdAt + 2
    ? new Hold(double.Parse(args[holdAt + 1], CultureInfo.InvariantCulture), double.Parse(args[holdAt + 2], CultureInfo.InvariantCulture))
    : null;
// `--soak RATE MINUTES`: the storage soak of issue 19 (outbox and inbox bounded by the retention purge), prints only.
var soakAt = Array.IndexOf(args, "--soak");
var soak = soakAt >= 0 && args.Length > soakAt + 2
    ? new Soak(double.Parse(args[soakAt + 1], CultureInfo.InvariantCulture), double.Parse(args[soakAt + 2], CultureInfo.InvariantCulture))
    : null;
var bench = new PipelineBench(settings, durable, dashboard, echo, hold, soak);
try
{
    var report = await bench.RunAsync(stop.Token);
    if (report is null) return 0;
    Console.WriteLine(ConsoleTables.Final(report));
    var (json, markdown) = await ReportFiles.WriteAsync(report);
    Console.WriteLine($"Report: {markdown}");
    Console.WriteLine($"        {json}");
    return 0;
}
catch (OperationCanceledException) when (stop.IsCancellationRequested)
{
    Console.Error.WriteLine("Interrupted; everything the bench started has been stopped.");
    return 130;
}
catch (Exception ex)
{
    Console.Error.WriteLine($"FAIL: the pipeline benchmark could not finish: {ex}");
    return 1;
}
