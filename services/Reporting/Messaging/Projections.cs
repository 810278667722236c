namespace Smarketing.Reporting.Messaging;

/// <summary>Every projection of this service, by the event it handles: the bus subscribes them, a rebuild replays through them.</summary>
public static class Projections
{
    public static readonly IReadOnlyList<Type> ConsumerTypes =
    [
        typeof(LeadReceivedConsumer), typeof(LeadScoredConsumer), typeof(LeadAssignedConsumer), typeof(FollowUpScheduledConsumer),
        typeof(FollowUpDueConsumer), typeof(FollowUpOverdueConsumer), typeof(ActivityLoggedConsumer), typeof(LeadOutcomeRecordedConsumer),
        typeof(TrafficRecordedConsumer), typeof(LeadReassignmentRequestedConsumer), typeof(LeadRecycledConsumer),
    ];

    public static readonly IReadOnlyDictionary<string, (Type Event, Type Consumer)> ByEventName =
        ConsumerTypes.ToDictionary(c => EventOf(c).Name, c => (EventOf(c), c), StringComparer.Ordinal);

    private static Type EventOf(Type consumer) => consumer.BaseType!.GetGenericArguments()[0];
}
