using MassTransit;
using Smarketing.Contracts;

namespace Smarketing.Ingestion.Messaging;

/// <summary>CaptureLead from the broker takes the HTTP path; an invalid message is rejected to the error queue with its reasons.</summary>
public sealed class CaptureLeadConsumer(LeadCapture capture) : IConsumer<CaptureLead>
{
    public async Task Consume(ConsumeContext<CaptureLead> context)
    {
        var (result, errors) = await capture.CaptureAsync(context.Message, context.CancellationToken);
        if (result is null)
        {
            throw new MessageRejectedException(
                "Invalid CaptureLead: " + string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")));
        }
    }
}
