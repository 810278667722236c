using Smarketing.Reporting.Data;
using Smarketing.Reporting.Messaging;

namespace Smarketing.Reporting;

public static class ReportingServices
{
    public static IHostApplicationBuilder AddReportingServices(this IHostApplicationBuilder builder)
    {
        builder.AddServiceDatabase<ReportingDbContext>("reportingdb");
        builder.AddMessaging("reporting", bus =>
        {
            bus.AddConsumer<LeadReceivedConsumer>();
            bus.AddConsumer<LeadScoredConsumer>();
            bus.AddConsumer<LeadAssignedConsumer>();
            bus.AddConsumer<FollowUpScheduledConsumer>();
            bus.AddConsumer<FollowUpDueConsumer>();
            bus.AddConsumer<FollowUpOverdueConsumer>();
            bus.AddConsumer<ActivityLoggedConsumer>();
            bus.AddConsumer<LeadOutcomeRecordedConsumer>();
            bus.AddConsumer<TrafficRecordedConsumer>();
            bus.AddConsumer<LeadReassignmentRequestedConsumer>();
            bus.AddConsumer<LeadRecycledConsumer>();
        });
        return builder;
    }
}
