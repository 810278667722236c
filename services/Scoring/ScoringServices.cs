using Smarketing.Scoring.Data;
using Smarketing.Scoring.Messaging;
using Smarketing.Scoring.Rescoring;
using Smarketing.ServiceDefaults.Messaging;

namespace Smarketing.Scoring;

public static class ScoringServices
{
    public static IHostApplicationBuilder AddScoringServices(this IHostApplicationBuilder builder)
    {
        builder.AddServiceDatabase<ScoringDbContext>("scoringdb");
        builder.AddMessaging("scoring", bus =>
        {
            bus.AddConsumer<LeadReceivedConsumer>(typeof(BatchDefinition<LeadReceivedConsumer>));
            bus.AddConsumer<LeadOutcomeRecordedConsumer>();
            bus.AddConsumer<LeadRecycledConsumer>();
            bus.AddConsumer<LeadAssignedConsumer>(typeof(BatchDefinition<LeadAssignedConsumer>));
        });
        builder.Services.AddSingleton<ModelRepository>();
        builder.Services.AddSingleton<ScoringMetrics>();
        builder.Services.AddSingleton<RescoreSignal>();
        builder.Services.AddSingleton<DecaySweep>();
        builder.Services.AddOptions<RescoreOptions>().BindConfiguration("Rescore");
        builder.Services.AddHostedService<RescoreWorker>();
        return builder;
    }
}
