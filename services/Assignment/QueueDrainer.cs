namespace Smarketing.Assignment;

/// <summary>
/// Queued leads are placed the moment capacity frees: a closed lead triggers it at once, and this loop catches
/// everything else that makes room (a raised capacity, a rep back from away or leave, a new rep, a new shift).
/// </summary>
public sealed class QueueDrainer(IServiceScopeFactory scopes, ILogger<QueueDrainer> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(3);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(Interval, stoppingToken);
                await using var scope = scopes.CreateAsyncScope();
                var placed = await scope.ServiceProvider.GetRequiredService<LeadAssigner>().DrainQueueAsync(100, stoppingToken);
                if (placed > 0) logger.LogInformation("Placed {Count} queued lead(s)", placed);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "Placing queued leads failed; retrying");
            }
        }
    }
}
