using Smarketing.FollowUp.Data;
using Smarketing.FollowUp.Domain;
using Smarketing.FollowUp.Messaging;

namespace Smarketing.FollowUp;

public static class FollowUpServices
{
    public static IHostApplicationBuilder AddFollowUpServices(this IHostApplicationBuilder builder)
    {
        builder.AddServiceDatabase<FollowUpDbContext>("followupdb");
        builder.AddMessaging("followup", bus => bus.AddConsumer<LeadAssignedConsumer>());
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(Cadence.Default);
        builder.Services.AddSingleton(BusinessCalendar.Jakarta);
        builder.Services.AddHostedService<DueTaskDispatcher>();
        return builder;
    }
}
