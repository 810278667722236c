using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.Extensions.Hosting;

public static class MessagingExtensions
{
    /// <summary>
    /// MassTransit over RabbitMQ from the Aspire-style connection string "messaging" (an amqp URI).
    /// Queues are kebab-case and prefixed with the service name, so two services consuming the same
    /// event each get their own queue. A failing message is retried in memory with back-off, then
    /// moved to its queue's _error queue; a rejected one goes there at once.
    /// </summary>
    public static IHostApplicationBuilder AddMessaging(
        this IHostApplicationBuilder builder,
        string serviceName,
        Action<IBusRegistrationConfigurator>? configure = null)
    {
        var connectionString = builder.Configuration.GetConnectionString("messaging")
            ?? throw new InvalidOperationException("ConnectionStrings:messaging is not set.");

        builder.Services.AddMassTransit(bus =>
        {
            bus.SetEndpointNameFormatter(new KebabCaseEndpointNameFormatter(serviceName, false));
            configure?.Invoke(bus);
            bus.UsingRabbitMq((context, rabbit) =>
            {
                rabbit.Host(new Uri(connectionString));
                rabbit.PrefetchCount = 32;
                rabbit.UseMessageRetry(retry =>
                {
                    retry.Ignore<MessageRejectedException>();
                    retry.Exponential(6, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(300));
                });
                rabbit.ConfigureEndpoints(context);
            });
        });
        builder.Services.Configure<MassTransitHostOptions>(o =>
        {
            o.WaitUntilStarted = true;
            // DCP stops every resource of a run at once and kills what has not exited 5 s after SIGTERM, so the broker
            // may already be going: a batch still in hand after 3 s is left unacked (redelivered, the inbox skips repeats).
            o.StopTimeout = TimeSpan.FromSeconds(3);
        });
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(4));
        return builder;
    }
}

/// <summary>A message that can never succeed (invalid input): not retried, sent to the error queue with this reason.</summary>
public sealed class MessageRejectedException(string reason) : Exception(reason);
