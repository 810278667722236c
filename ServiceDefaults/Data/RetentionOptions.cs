namespace Smarketing.ServiceDefaults.Data;

/// <summary>How long sent outbox rows and inbox rows are kept, and how the purge that deletes them runs ("Retention" section).</summary>
public sealed class RetentionOptions
{
    public const string Section = "Retention";

    /// <summary>A sent outbox row is only kept to look into what left; the relay never reads it again.</summary>
    public TimeSpan Outbox { get; set; } = TimeSpan.FromDays(7);

    /// <summary>
    /// Must be at least the longest time a handled message can come back, or its repeat is handled twice. A message comes
    /// back when its ack or the relay's mark-as-sent was lost, and then only once the service (or broker) runs again: in-memory
    /// retries take seconds, a week covers an outage of days. Messages moved back from an _error queue were never recorded.
    /// </summary>
    public TimeSpan Inbox { get; set; } = TimeSpan.FromDays(7);

    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Rows per delete: each batch is its own short transaction, so a backlog never holds locks for long.</summary>
    public int BatchSize { get; set; } = 5_000;

    internal bool IsValid => Outbox > TimeSpan.Zero && Inbox > TimeSpan.Zero && Interval > TimeSpan.Zero && BatchSize > 0;
}
