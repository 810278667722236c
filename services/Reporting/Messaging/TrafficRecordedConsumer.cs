using MassTransit;
using Smarketing.Contracts;
using Smarketing.Reporting.Data;
using Smarketing.Reporting.Reports;

namespace Smarketing.Reporting.Messaging;

/// <summary>A new report for the same (campaign, source, date) replaces the earlier figures.</summary>
public sealed class TrafficRecordedConsumer(ReportingDbContext db, ReportCache cache) : Projection<TrafficRecorded>(db, cache)
{
    protected override async Task ApplyAsync(TrafficRecorded e, EventMeta meta, CancellationToken ct)
    {
        var messageId = meta.MessageId;

        var day = await Db.TrafficDays.FindAsync([e.Campaign, e.Source, e.Date], ct)
            ?? Db.TrafficDays.Add(new TrafficDay { Campaign = e.Campaign, Source = e.Source, Date = e.Date, Currency = e.Currency }).Entity;
        day.Visits = e.Visits;
        day.Clicks = e.Clicks;
        day.Spend = e.Spend;
        day.Currency = e.Currency;
        day.UpdatedAt = DateTime.UtcNow;

    }
}
