using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Smarketing.Ingestion.Data;
using Smarketing.ServiceDefaults.Data;

namespace Smarketing.ServiceDefaults.Tests;

public class RetentionRegistrationTests
{
    [Fact]
    public void A_service_database_with_an_outbox_runs_the_purge_with_the_retention_its_configuration_gives_and_defaults_for_the_rest()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:ingestiondb"] = "Host=localhost;Database=ingestiondb",
            ["Retention:Inbox"] = "14.00:00:00",
            ["Retention:BatchSize"] = "1000",
        });

        builder.AddServiceDatabase<IngestionDbContext>("ingestiondb");

        Assert.Contains(builder.Services, d => d.ServiceType == typeof(IHostedService) && d.ImplementationType == typeof(RetentionPurge<IngestionDbContext>));
        using var services = builder.Services.BuildServiceProvider();
        var retention = services.GetRequiredService<IOptions<RetentionOptions>>().Value;
        Assert.Equal((TimeSpan.FromDays(7), TimeSpan.FromDays(14), TimeSpan.FromMinutes(10), 1000),
            (retention.Outbox, retention.Inbox, retention.Interval, retention.BatchSize));
    }
}
