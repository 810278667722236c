using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

namespace Smarketing.AppHost.Tests;

/// <summary>
/// The AppHost as `make run` starts it (its built dll, in its own process, on real PostgreSQL, Redis and RabbitMQ): it says
/// where everything is once healthy, stops everything within 15 s on SIGTERM, keeps its data and secrets for the next run,
/// and leaves nothing running when it is killed with SIGKILL (DCP watches it).
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed partial class AppHostProcessTests : IDisposable
{
    private static readonly TimeSpan StartLimit = TimeSpan.FromMinutes(4);
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "smarketing-apphost-test-" + Guid.NewGuid().ToString("N")[..8]);

    public void Dispose()
    {
        try { Directory.Delete(_dataDir, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }

    [Fact]
    public async Task A_run_prints_where_everything_is_stops_everything_within_15_seconds_on_SIGTERM_and_the_next_run_keeps_its_secrets()
    {
        string firstLogin;
        await using (var first = await AppHostRun.StartAsync(_dataDir))
        {
            var summary = await first.WaitForSummaryAsync(StartLimit);
            Assert.Matches(@"Gateway:\s+http://localhost:\d+", summary);
            var login = LoginUrl().Match(summary);
            Assert.True(login.Success, summary);
            firstLogin = login.Value;
            Assert.Contains($"Data:      {_dataDir}", summary);
            var apiKey = ApiKey().Match(summary).Groups[1].Value;
            Assert.StartsWith("smk_", apiKey);
            Assert.Matches(@"Sign in:\s+admin@smarketing.local / [0-9a-f]{24}\s+\(shown once\)", summary);

            // A readable console: no line per health probe (Polly's "Execution attempt"), and no server password in it.
            var console = first.Output;
            Assert.DoesNotContain("Execution attempt", console);
            using var secrets = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(_dataDir, "secrets.json")));
            foreach (var name in new[] { "PostgresPassword", "RedisPassword", "RabbitPassword", "SigningKey" })
                Assert.DoesNotContain(secrets.RootElement.GetProperty(name).GetString()!, console);

            // The printed link signs a browser in to Aspire's dashboard (a cookie, then the resources page).
            using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
            using var signIn = await http.GetAsync(login.Value);
            Assert.True(signIn.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Found, $"{(int)signIn.StatusCode} from {login.Value}");
            Assert.Contains(signIn.Headers.GetValues("Set-Cookie"), c => c.Contains(".Aspire.Dashboard", StringComparison.OrdinalIgnoreCase));

            var processes = first.ProcessesOfTheRun();
            Assert.True(processes.Count >= 12, $"only {processes.Count} processes: {string.Join(", ", processes)}");
            var clock = Stopwatch.StartNew();
            first.Signal("TERM");
            await first.WaitForNothingLeftAsync(processes, TimeSpan.FromSeconds(15));
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"stopping took {clock.Elapsed.TotalSeconds:0.0} s");
        }

        await using var second = await AppHostRun.StartAsync(_dataDir);
        var again = await second.WaitForSummaryAsync(StartLimit);
        Assert.Contains("X-Api-Key: created on first run", again);
        Assert.DoesNotMatch(@"Sign in:.*\(shown once\)", again);
        var secondLogin = LoginUrl().Match(again);
        Assert.True(secondLogin.Success, again);
        Assert.NotEqual(firstLogin[firstLogin.IndexOf("?t=", StringComparison.Ordinal)..], secondLogin.Value[secondLogin.Value.IndexOf("?t=", StringComparison.Ordinal)..]);
    }

    [Fact]
    public async Task Killing_the_AppHost_with_SIGKILL_leaves_no_process_of_the_run_after_15_seconds()
    {
        await using var run = await AppHostRun.StartAsync(_dataDir);
        await run.WaitForSummaryAsync(StartLimit);
        var processes = run.ProcessesOfTheRun();
        Assert.Contains(processes, p => p.Command.Contains("postgres"));
        Assert.Contains(processes, p => p.Command.Contains("beam.smp"));
        Assert.Contains(processes, p => p.Command.Contains("Smarketing.Gateway"));

        run.Signal("KILL");
        await run.WaitForNothingLeftAsync(processes, TimeSpan.FromSeconds(15));
    }

    [GeneratedRegex(@"http://localhost:\d+/login\?t=[0-9a-f]+")]
    private static partial Regex LoginUrl();

    [GeneratedRegex(@"X-Api-Key: (\S+)")]
    private static partial Regex ApiKey();
}

/// <summary>One `dotnet Smarketing.AppHost.dll`, as `make run` starts it, on free ports and a given data directory.</summary>
internal sealed class AppHostRun : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private AppHostRun(Process process) => _process = process;

    public sealed record RunProcess(int Pid, string Command)
    {
        public override string ToString() => $"{Pid} {Command[..Math.Min(80, Command.Length)]}";
    }

    public static Task<AppHostRun> StartAsync(string dataDir)
    {
        // What `make run` runs: the AppHost's own build output, in the configuration these tests were built in.
        var configuration = typeof(AppHostRun).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyConfigurationAttribute), false)
            .OfType<System.Reflection.AssemblyConfigurationAttribute>().Single().Configuration;
        var root = Local.LocalSettings.FindRepositoryRoot();
        var dll = Path.Combine(root, "AppHost", "bin", configuration, "net10.0", "Smarketing.AppHost.dll");
        var start = new ProcessStartInfo("dotnet", [dll])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = root,
        };
        start.Environment["SMARKETING_DATA_DIR"] = dataDir;
        start.Environment["SMARKETING_GATEWAY_PORT"] = FreePort().ToString();
        start.Environment["SMARKETING_DASHBOARD_PORT"] = FreePort().ToString();
        start.Environment["SMARKETING_REPLICAS"] = "1";
        var run = new AppHostRun(Process.Start(start)!);
        run._process.OutputDataReceived += (_, e) => run.Append(e.Data);
        run._process.ErrorDataReceived += (_, e) => run.Append(e.Data);
        run._process.BeginOutputReadLine();
        run._process.BeginErrorReadLine();
        return Task.FromResult(run);
    }

    public string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    public async Task<string> WaitForSummaryAsync(TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        while (DateTime.UtcNow < deadline)
        {
            var output = Output;
            var at = output.IndexOf("Gateway:   ", StringComparison.Ordinal);
            if (at >= 0 && output.IndexOf("Press Ctrl+C", at, StringComparison.Ordinal) is var end and > 0) return output[at..end];
            if (_process.HasExited) throw new InvalidOperationException($"The AppHost exited with {_process.ExitCode}:\n{output}");
            await Task.Delay(500);
        }
        throw new TimeoutException($"No summary within {limit.TotalSeconds:0} s:\n{Output}");
    }

    /// <summary>
    /// Every process this run started: DCP (detached, watching the AppHost's pid), and everything below it (the
    /// dashboard, PostgreSQL, Redis, RabbitMQ and its epmd, `dotnet run` of each service and the service itself).
    /// </summary>
    public IReadOnlyList<RunProcess> ProcessesOfTheRun()
    {
        var dcp = AllProcesses().Where(p => p.Command.Contains("dcp") && p.Command.Contains($"--monitor {_process.Id}")).Select(p => p.Pid).ToList();
        var parents = AllProcesses().ToDictionary(p => p.Pid, p => Parent(p.Pid));
        var run = new HashSet<int>(dcp);
        bool grew;
        do
        {
            grew = false;
            foreach (var (pid, parent) in parents)
                if (!run.Contains(pid) && run.Contains(parent)) grew = run.Add(pid) || grew;
        } while (grew);
        return AllProcesses().Where(p => run.Contains(p.Pid)).ToList();
    }

    public void Signal(string signal) => Process.Start("kill", [$"-{signal}", _process.Id.ToString()])!.WaitForExit();

    public async Task WaitForNothingLeftAsync(IReadOnlyList<RunProcess> processes, TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        List<RunProcess> alive;
        do
        {
            alive = processes.Where(p => IsAlive(p.Pid)).ToList();
            if (alive.Count == 0 && _process.HasExited) return;
            await Task.Delay(250);
        } while (DateTime.UtcNow < deadline);
        Assert.Fail($"Still running {limit.TotalSeconds:0} s later: {string.Join("; ", alive)}{(_process.HasExited ? "" : "; and the AppHost itself")}");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            Signal("TERM");
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30)).ContinueWith(_ => { });
        }
        // Whatever a failed test left behind goes too, so the next test starts on a clean machine.
        foreach (var p in ProcessesOfTheRun()) Process.Start("kill", ["-KILL", p.Pid.ToString()])!.WaitForExit();
        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }

    private static IEnumerable<RunProcess> AllProcesses()
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            string command;
            try { command = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ').Trim(); }
            catch (IOException) { continue; }
            catch (UnauthorizedAccessException) { continue; }
            if (command.Length > 0 && IsAlive(pid)) yield return new RunProcess(pid, command);
        }
    }

    private static int Parent(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1]);
        }
        catch (IOException) { return 0; }
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)] != 'Z';
        }
        catch (IOException) { return false; }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
