using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Smarketing.ServiceDefaults.Data;

/// <summary>Wakes the outbox relay as soon as a transaction commits, instead of waiting for the next poll.</summary>
public sealed class OutboxSignal
{
    private readonly SemaphoreSlim _semaphore = new(0, 1);

    public void Notify()
    {
        if (_semaphore.CurrentCount == 0)
        {
            try { _semaphore.Release(); } catch (SemaphoreFullException) { }
        }
    }

    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken ct) => _semaphore.WaitAsync(timeout, ct);
}

/// <summary>
/// Notifies the relay after a commit, explicit or implicit (SaveChanges outside a transaction), that stored messages to
/// publish. Commits that published nothing (most of the read side's, and the relay's own) do not wake it: each such wake
/// was an empty claim query.
/// </summary>
internal sealed class OutboxSignalInterceptor(OutboxSignal signal) : IDbTransactionInterceptor, ISaveChangesInterceptor
{
    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Committed(eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Committed(eventData.Context);

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        RolledBack(eventData.Context);
        return Task.CompletedTask;
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => RolledBack(eventData.Context);

    public ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context?.Database.CurrentTransaction is null) Committed(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        if (eventData.Context?.Database.CurrentTransaction is null) Committed(eventData.Context);
        return result;
    }

    private void Committed(DbContext? context)
    {
        // A context of another kind (none publishes today) still wakes the relay, as before.
        if (context is ServiceDbContext { Published: false }) return;
        if (context is ServiceDbContext published) published.Published = false;
        signal.Notify();
    }

    private static void RolledBack(DbContext? context)
    {
        if (context is ServiceDbContext rolledBack) rolledBack.Published = false;
    }
}
