using StackExchange.Redis;

namespace Smarketing.Assignment;

/// <summary>
/// Makes read-pick-write of the round robin atomic across every replica: a Redis lock shared by the replicas, taken
/// behind a local gate, so within one process the consumers queue on a semaphore (no Redis round trips) and only one
/// of them at a time polls the Redis lock against the other replicas. The hold is renewed while it lasts; a holder that
/// could not renew it (paused past the expiry, Redis restarted) sees <see cref="Hold.Lost"/> and its fenced writes of the
/// load counters are refused (see <see cref="RepLoads"/>). PostgreSQL's capacity check is the last word either way.
/// </summary>
public sealed class AssignmentLock(IConnectionMultiplexer redis, ILogger<AssignmentLock> logger)
{
    public const string LockKey = "smk:assignment:lock";
    private static readonly TimeSpan LockExpiry = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan RenewEvery = LockExpiry / 3;
    private readonly SemaphoreSlim _local = new(1, 1);
    private readonly ILogger _logger = logger;

    public async Task<Hold> AcquireAsync(CancellationToken ct)
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
            return new Hold(this, store, token);
        }
        catch
        {
            _local.Release();
            throw;
        }
    }

    /// <summary>One hold of the lock: its fencing token, and a cancellation that fires if the hold could not be renewed.</summary>
    public sealed class Hold : IAsyncDisposable
    {
        private readonly AssignmentLock _owner;
        private readonly IDatabase _store;
        private readonly CancellationTokenSource _lost = new();
        private readonly CancellationTokenSource _done = new();
        private readonly Task _renewing;
        private int _released;

        internal Hold(AssignmentLock owner, IDatabase store, string token)
        {
            _owner = owner;
            _store = store;
            Token = token;
            _renewing = RenewAsync();
        }

        /// <summary>The value the lock key holds while this hold lasts; fenced writes compare it in the same script.</summary>
        public string Token { get; }

        /// <summary>Cancelled once the lock is known to be lost: work under it must not commit.</summary>
        public CancellationToken Lost => _lost.Token;

        private async Task RenewAsync()
        {
            try
            {
                while (true)
                {
                    await Task.Delay(RenewEvery, _done.Token);
                    if (await _store.LockExtendAsync(LockKey, Token, LockExpiry)) continue;
                    _owner._logger.LogWarning("The assignment lock expired before its holder finished; its work is abandoned");
                    await _lost.CancelAsync();
                    return;
                }
            }
            catch (OperationCanceledException) { }
            catch (RedisException ex)
            {
                _owner._logger.LogWarning(ex, "Could not renew the assignment lock; its work is abandoned");
                await _lost.CancelAsync();
            }
        }

        public async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _released, 1) == 1) return;
            try
            {
                await _done.CancelAsync();
                await _renewing;
                if (!_lost.IsCancellationRequested) await _store.LockReleaseAsync(LockKey, Token);
            }
            finally
            {
                _owner._local.Release();
                _done.Dispose();
                _lost.Dispose();
            }
        }
    }
}
