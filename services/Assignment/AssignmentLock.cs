using StackExchange.Redis;

namespace Smarketing.Assignment;

/// <summary>
/// Makes read-pick-write of the round robin atomic across every replica: a Redis lock shared by the replicas, taken
/// behind a local gate, so within one process the consumers queue on a semaphore (no Redis round trips) and only one
/// of them at a time polls the Redis lock against the other replicas.
/// </summary>
public sealed class AssignmentLock(IConnectionMultiplexer redis)
{
    private const string LockKey = "smk:assignment:lock";
    private static readonly TimeSpan LockExpiry = TimeSpan.FromSeconds(10);
    private readonly SemaphoreSlim _local = new(1, 1);

    public async Task<IAsyncDisposable> AcquireAsync(CancellationToken ct)
    {
        await _local.WaitAsync(ct);
        try
        {
            var store = redis.GetDatabase();
            var token = Guid.NewGuid().ToString("N");
            var delay = 2;
            while (!await store.LockTakeAsync(LockKey, token, LockExpiry))
            {
                await Task.Delay(delay, ct);
                delay = Math.Min(delay * 2, 50);
            }
            return new Held(this, store, token);
        }
        catch
        {
            _local.Release();
            throw;
        }
    }

    private sealed class Held(AssignmentLock owner, IDatabase store, string token) : IAsyncDisposable
    {
        private int _released;

        public async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _released, 1) == 1) return;
            try
            {
                await store.LockReleaseAsync(LockKey, token);
            }
            finally
            {
                owner._local.Release();
            }
        }
    }
}
