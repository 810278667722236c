using System.Diagnostics;
using Smarketing.AppHost.Hosting;
using Smarketing.AppHost.Hosting.Resources;

namespace Smarketing.AppHost.Tests;

/// <summary>
/// The orchestrator itself, on the real servers from Debian's packages: it brings them up healthy, stops
/// them well within 15 s leaving no process behind, starts again cleanly on the same data, and reports a
/// process that dies from outside as Exited with its exit code.
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class OrchestratorTests : IDisposable
{
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "smarketing-apphost-test-" + Guid.NewGuid().ToString("N")[..8]);

    private DistributedApplication Build()
    {
        var builder = DistributedApplicationBuilder.CreateBuilder(new AppHostOptions
        {
            DataDir = _dataDir,
            RepositoryRoot = AppHostOptions.FindRepositoryRoot(),
            EchoLogs = false,
        });
        builder.AddPostgres("postgres").AddDatabase("somedb");
        builder.AddRedis("cache");
        builder.AddRabbitMQ("messaging");
        return builder.Build();
    }

    [Fact]
    public async Task Infrastructure_starts_healthy_stops_within_15_seconds_without_orphans_and_starts_again_on_the_same_data()
    {
        var app = Build();
        await app.StartAsync();
        await app.WaitForHealthyAsync(TimeSpan.FromMinutes(2));
        Assert.All(app.Resources, r => Assert.Equal(ResourceState.Running, r.State));
        var pids = app.Resources.SelectMany(r => r.ProcessIds).ToList();
        Assert.True(pids.Count >= 4, "postgres, redis, rabbitmq and its epmd");

        var clock = Stopwatch.StartNew();
        await app.DisposeAsync();
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"stopping took {clock.Elapsed.TotalSeconds:0.0} s");
        Assert.All(pids, pid => Assert.False(Directory.Exists($"/proc/{pid}") && !IsZombie(pid), $"process {pid} outlived the stop"));
        Assert.Empty(Directory.GetFiles(Path.Combine(_dataDir, "run")));

        var again = Build();
        await again.StartAsync();
        await again.WaitForHealthyAsync(TimeSpan.FromMinutes(2));
        Assert.Equal(ResourceState.Running, again["postgres"].State);
        await again.DisposeAsync();
    }

    [Fact]
    public async Task A_process_killed_from_outside_shows_as_exited_with_its_code_and_comes_back_on_start()
    {
        await using var app = Build();
        await app.StartAsync();
        await app.WaitForHealthyAsync(TimeSpan.FromMinutes(2));
        var cache = app["cache"];
        var pid = cache.ProcessIds.Single();

        Process.Start("kill", ["-KILL", pid.ToString()]).WaitForExit();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (cache.State != ResourceState.Exited && DateTime.UtcNow < deadline) await Task.Delay(100);

        Assert.Equal(ResourceState.Exited, cache.State);
        Assert.Equal(137, cache.ExitCode);

        await app.StartResourceAsync("cache");
        Assert.Equal(ResourceState.Running, cache.State);
        Assert.NotEqual(pid, cache.ProcessIds.Single());
        Assert.Equal(1, cache.Restarts);
    }

    [Fact]
    public async Task A_resource_that_cannot_start_fails_loudly_with_its_state_and_last_log_lines()
    {
        var builder = DistributedApplicationBuilder.CreateBuilder(new AppHostOptions
        {
            DataDir = _dataDir,
            RepositoryRoot = AppHostOptions.FindRepositoryRoot(),
            EchoLogs = false,
        });
        var cache = builder.AddRedis("cache");
        builder.AddProject("ghost", "services/Ghost/Smarketing.Ghost").WithReference(cache).WaitFor(cache);
        await using var app = builder.Build();
        await app.StartAsync();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => app.WaitForHealthyAsync(TimeSpan.FromMinutes(1)));

        Assert.Contains("ghost (Project): FailedToStart", error.Message);
        Assert.Contains("Smarketing.Ghost.dll", error.Message);
        Assert.Equal(ResourceState.Running, app["cache"].State);
    }

    private static bool IsZombie(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/stat").Split(' ')[2] == "Z";
        }
        catch (IOException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        try { Directory.Delete(_dataDir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
