using Smarketing.FollowUp.Data;
using Smarketing.FollowUp.Domain;
using Smarketing.FollowUp.Messaging;
using Smarketing.ServiceDefaults.Messaging;
using Smarketing.ServiceDefaults.Security;

namespace Smarketing.FollowUp;

public static class FollowUpServices
{
    public static IHostApplicationBuilder AddFollowUpServices(this IHostApplicationBuilder builder)
    {
        builder.AddServiceDatabase<FollowUpDbContext>("followupdb");
        builder.AddMessaging("followup", bus =>
        {
            bus.AddConsumer<LeadAssignedConsumer>(typeof(BatchDefinition<LeadAssignedConsumer>));
            bus.AddConsumer<LeadReceivedConsumer>(typeof(BatchDefinition<LeadReceivedConsumer>));
            bus.AddConsumer<LeadScoredConsumer>(typeof(BatchDefinition<LeadScoredConsumer>));
        });
        builder.Services.AddSingleton(new TouchLinks(builder.Configuration["Auth:SigningKey"]
            ?? throw new InvalidOperationException("Auth:SigningKey is not set; the AppHost passes it as Auth__SigningKey.")));
        builder.Services.AddDueTaskDispatcher();
        return builder;
    }

    /// <summary>The due-task dispatcher and its clock; the caller registers FollowUpDbContext (benchmarks use this too).</summary>
    public static IServiceCollection AddDueTaskDispatcher(this IServiceCollection services)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddHostedService<DueTaskDispatcher>();
        return services;
    }
}
