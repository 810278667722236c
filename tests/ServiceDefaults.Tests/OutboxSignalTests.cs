using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Smarketing.ServiceDefaults.Data;

namespace Smarketing.ServiceDefaults.Tests;

public class OutboxSignalTests
{
    private sealed record Noted(string Text);

    private sealed class InMemoryContext(OutboxSignal signal) : ServiceDbContext(new DbContextOptionsBuilder()
        .UseInMemoryDatabase(Guid.NewGuid().ToString())
        .ConfigureWarnings(w => w.Ignore(InMemoryEventId.TransactionIgnoredWarning))
        .AddInterceptors(new OutboxSignalInterceptor(signal))
        .Options);

    private static ProcessedMessage Handled() => new() { Consumer = "NoteConsumer", MessageId = Guid.NewGuid(), ProcessedAt = DateTime.UtcNow };

    private static Task<bool> WokenAsync(OutboxSignal signal) => signal.WaitAsync(TimeSpan.Zero, CancellationToken.None);

    [Fact]
    public async Task Only_a_commit_that_stored_messages_to_publish_wakes_the_relay()
    {
        var signal = new OutboxSignal();
        await using var db = new InMemoryContext(signal);

        db.ProcessedMessages.Add(Handled());
        await db.SaveChangesAsync();
        Assert.False(await WokenAsync(signal));

        db.Publish(new Noted("Pak Budi asked for a quote"));
        db.ProcessedMessages.Add(Handled());
        await db.SaveChangesAsync();
        Assert.True(await WokenAsync(signal));

        // The commit that woke it used up its news: the next one without messages leaves the relay asleep.
        db.ProcessedMessages.Add(Handled());
        await db.SaveChangesAsync();
        Assert.False(await WokenAsync(signal));
    }
}
