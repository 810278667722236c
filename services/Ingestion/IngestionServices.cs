using Smarketing.Ingestion.Data;
using Smarketing.Ingestion.Domain;
using Smarketing.Ingestion.Messaging;

namespace Smarketing.Ingestion;

public static class IngestionServices
{
    public static IHostApplicationBuilder AddIngestionServices(this IHostApplicationBuilder builder)
    {
        builder.AddServiceDatabase<IngestionDbContext>("ingestiondb");
        builder.AddMessaging("ingestion", bus =>
        {
            bus.AddConsumer<CaptureLeadConsumer>(typeof(CaptureLeadConsumerDefinition));
            bus.AddConsumer<LeadOutcomeRecordedConsumer>();
            bus.AddConsumer<LeadRecycledConsumer>();
        });
        builder.Services.AddScoped<LeadCapture>();
        builder.Services.AddSingleton<CaptureGroups>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<CaptureGroups>());
        builder.Services.AddSingleton<CaptureMetrics>();
        builder.Services.AddSingleton(TimeProvider.System);
        return builder;
    }
}
