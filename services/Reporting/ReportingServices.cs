using MassTransit;
using Smarketing.Reporting.Data;
using Smarketing.Reporting.Messaging;
using Smarketing.Reporting.Reports;

namespace Smarketing.Reporting;

public static class ReportingServices
{
    public static IHostApplicationBuilder AddReportingServices(this IHostApplicationBuilder builder)
    {
        builder.AddServiceDatabase<ReportingDbContext>("reportingdb");
        builder.AddServiceCache("cache");
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<ReportCache>();
        builder.Services.AddSingleton<ReadModelRebuild>();
        builder.AddMessaging("reporting", bus =>
        {
            // Each projection on its own queue (reporting-lead-scored, …), fed in batches.
            foreach (var consumer in Projections.ConsumerTypes)
                bus.AddConsumer(consumer, typeof(ProjectionDefinition<>).MakeGenericType(consumer));
        });
        return builder;
    }
}
