using Smarketing.Pipeline.Bench.Pipeline;
using Smarketing.Pipeline.Bench.Reporting;

namespace Smarketing.Pipeline.Bench;

/// <summary>`--soak RATE MINUTES`: batches of hot leads at one rate for a long while, with the outbox and inbox counted every minute.</summary>
internal sealed record Soak(double Rate, double Minutes)
{
    /// <summary>
    /// Short enough that a 30-minute soak sees many purges: with a week's retention the tables would only grow within
    /// it. The inbox keeps 5 minutes, far longer than the seconds a redelivery takes while the platform runs.
    /// </summary>
    public static readonly string[] Retention = ["Retention:Outbox=00:05:00", "Retention:Inbox=00:05:00", "Retention:Interval=00:01:00"];
}

internal static class StorageSoak
{
    public static async Task RunAsync(StepRunner runner, PlatformProbe probe, Soak soak, CancellationToken ct)
    {
        Console.WriteLine();
        Console.WriteLine($"== Storage soak: batches of hot leads at {soak.Rate:0.#}/s for {soak.Minutes:0} min; retention {string.Join(", ", Soak.Retention)}");
        Console.WriteLine("   outbox rows (unsent) and inbox rows per service database, after each minute:");
        var first = await probe.StoredMessagesAsync(ct);
        Print("start", 0, first);
        var accepted = 0L;
        var peak = first.ToDictionary(c => c.Database, c => c);
        IReadOnlyList<StoredMessages> last = first;
        for (var minute = 1; minute <= soak.Minutes; minute++)
        {
            var step = await runner.RunAsync(StepKind.Batch, soak.Rate, $"soak minute {minute}", ct, seconds: 60, maxDrainSeconds: 15);
            accepted += step.LeadsAccepted;
            last = await probe.StoredMessagesAsync(ct);
            Print($"minute {minute}", accepted, last);
            foreach (var count in last)
            {
                var before = peak[count.Database];
                peak[count.Database] = new StoredMessages(count.Database, Math.Max(before.Outbox, count.Outbox), Math.Max(before.Unsent, count.Unsent), Math.Max(before.Inbox, count.Inbox));
            }
        }
        Console.WriteLine();
        Console.WriteLine($"== Storage soak result: {accepted:N0} leads accepted in {soak.Minutes:0} min");
        Console.WriteLine($"   {"database",-14} {"outbox start",13} {"end",9} {"peak",9} {"inbox start",12} {"end",9} {"peak",9}");
        foreach (var end in last)
        {
            var start = first.Single(c => c.Database == end.Database);
            var top = peak[end.Database];
            Console.WriteLine($"   {end.Database,-14} {start.Outbox,13:N0} {end.Outbox,9:N0} {top.Outbox,9:N0} {start.Inbox,12:N0} {end.Inbox,9:N0} {top.Inbox,9:N0}");
        }
    }

    private static void Print(string when, long accepted, IReadOnlyList<StoredMessages> counts) =>
        Console.WriteLine($"   {when,-10} {accepted,8:N0} leads | " + string.Join(" | ", counts.Select(c => $"{c.Database[..^2]} {c.Outbox:N0} ({c.Unsent:N0}) / {c.Inbox:N0}")));
}
