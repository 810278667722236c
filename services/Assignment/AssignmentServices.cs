using Smarketing.Assignment.Data;
using Smarketing.Assignment.Messaging;
using Smarketing.ServiceDefaults.Messaging;

namespace Smarketing.Assignment;

public static class AssignmentServices
{
    public static IHostApplicationBuilder AddAssignmentServices(this IHostApplicationBuilder builder)
    {
        builder.AddServiceDatabase<AssignmentDbContext>("assignmentdb");
        builder.AddServiceCache("cache");
        builder.AddMessaging("assignment", bus =>
        {
            bus.AddConsumer<LeadScoredConsumer>(typeof(BatchDefinition<LeadScoredConsumer>));
            bus.AddConsumer<LeadOutcomeRecordedConsumer>();
            bus.AddConsumer<LeadReassignmentRequestedConsumer>();
            bus.AddConsumer<LeadRecycledConsumer>();
        });
        builder.Services.AddScoped<LeadAssigner>();
        builder.Services.AddSingleton<AssignmentLock>();
        builder.Services.AddSingleton<RepLoads>();
        builder.Services.AddSingleton<AssignmentMetrics>();
        builder.Services.AddHostedService<QueueDrainer>();
        return builder;
    }
}
