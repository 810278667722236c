using MassTransit;
using Smarketing.Contracts;
using Smarketing.Reporting.Data;

namespace Smarketing.Reporting.Messaging;

/// <summary>A new report for the same (campaign, source, date) replaces the earlier figures.</summary>
public sealed class TrafficRecordedConsumer(ReportingDbContext db) : IConsumer<TrafficRecorded>
{
    public async Task Consume(ConsumeContext<TrafficRecorded> context)
    {
        var e = context.Message;
        var messageId = context.MessageId ?? throw new InvalidOperationException("TrafficRecorded without a message id.");
        var ct = context.CancellationToken;
        if (await db.AlreadyProcessedAsync(messageId, nameof(TrafficRecordedConsumer), ct)) return;

        var day = await db.TrafficDays.FindAsync([e.Campaign, e.Source, e.Date], ct)
            ?? db.TrafficDays.Add(new TrafficDay { Campaign = e.Campaign, Source = e.Source, Date = e.Date, Currency = e.Currency }).Entity;
        day.Visits = e.Visits;
        day.Clicks = e.Clicks;
        day.Spend = e.Spend;
        day.Currency = e.Currency;
        day.UpdatedAt = DateTime.UtcNow;

        db.MarkProcessed(messageId, nameof(TrafficRecordedConsumer));
        await db.SaveChangesAsync(ct);
    }
}
