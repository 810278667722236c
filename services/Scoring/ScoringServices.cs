using Smarketing.Scoring.Data;
using Smarketing.Scoring.Domain;
using Smarketing.Scoring.Messaging;

namespace Smarketing.Scoring;

public static class ScoringServices
{
    public static IHostApplicationBuilder AddScoringServices(this IHostApplicationBuilder builder)
    {
        builder.AddServiceDatabase<ScoringDbContext>("scoringdb");
        builder.AddMessaging("scoring", bus => bus.AddConsumer<LeadReceivedConsumer>());
        builder.Services.AddSingleton(DefaultScoringModel.Create());
        return builder;
    }
}
