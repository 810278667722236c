using MassTransit;
using Smarketing.Contracts;

namespace Smarketing.Ingestion.Messaging;

/// <summary>CaptureLead from the broker takes the HTTP path; an invalid message is rejected to the error queue with its reasons.</summary>
public sealed class CaptureLeadConsumer(LeadCapture capture) : IConsumer<CaptureLead>
{
    public async Task Consume(ConsumeContext<CaptureLead> context)
    {
        var (result, errors) = await capture.CaptureAsync(context.Message, CaptureChannel.Broker, context.CancellationToken);
        if (result is null)
        {
            throw new MessageRejectedException(
                "Invalid CaptureLead: " + string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")));
        }
    }
}

/// <summary>
/// Marketing tools that do not speak MassTransit publish the bare JSON body of POST /api/leads (content type
/// application/json) to the CaptureLead exchange; this endpoint reads that as well as the usual envelope. Any message
/// type is allowed because a bare body names none, and this queue only ever holds CaptureLead.
/// </summary>
public sealed class CaptureLeadConsumerDefinition : ConsumerDefinition<CaptureLeadConsumer>
{
    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<CaptureLeadConsumer> consumerConfigurator,
        IRegistrationContext context) =>
        endpointConfigurator.UseRawJsonDeserializer(RawSerializerOptions.AnyMessageType, isDefault: false);
}
