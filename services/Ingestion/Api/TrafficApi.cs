using Smarketing.ServiceDefaults.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Smarketing.Contracts;
using Smarketing.Ingestion.Data;
using Smarketing.Ingestion.Domain;
using Smarketing.ServiceDefaults.Data;

namespace Smarketing.Ingestion.Api;

/// <summary>The stored day; Replaced says whether it overwrote an earlier report for the same (campaign, source, date).</summary>
public sealed record TrafficResponse(
    string Campaign, string Source, DateOnly Date, int Visits, int Clicks, decimal Spend, string Currency,
    DateTime RecordedAt, bool Replaced);

public static class TrafficApi
{
    public const int MaxTrafficBytes = 4 * 1024;

    public static IEndpointRouteBuilder MapTrafficApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/traffic").RequireAuthorization(Policies.Capture);
        api.MapPost("/", RecordAsync);
        return app;
    }

    /// <summary>
    /// Upserts the day on (campaign, source, date) and publishes TrafficRecorded in the same transaction, on every
    /// accepted write: Reporting replaces its copy of the day with each one.
    /// </summary>
    public static async Task<Results<Accepted<TrafficResponse>, ValidationProblem, ProblemHttpResult>> RecordAsync(
        HttpRequest request, IngestionDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var (body, problem) = await JsonBody.ReadAsync<TrafficReport>(request, MaxTrafficBytes, ct);
        if (problem is not null) return problem;

        var now = clock.GetUtcNow().UtcDateTime;
        var (traffic, errors) = TrafficValidator.Validate(body!, now);
        if (traffic is null) return TypedResults.ValidationProblem(errors, title: "The traffic report is not valid.");

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // Two first reports for the same day would otherwise both insert, and one would fail on the key.
        await db.Database.LockAllAsync([$"traffic:{traffic.Campaign}\n{traffic.Source}\n{traffic.Date:yyyy-MM-dd}"], ct);
        var day = await db.TrafficDays.FindAsync([traffic.Campaign, traffic.Source, traffic.Date], ct);
        var replaced = day is not null;
        day ??= db.TrafficDays.Add(new TrafficDay
        {
            Campaign = traffic.Campaign, Source = traffic.Source, Date = traffic.Date,
            Currency = traffic.Currency, FirstRecordedAt = now,
        }).Entity;
        (day.Visits, day.Clicks, day.Spend, day.Currency) = (traffic.Visits, traffic.Clicks, traffic.Spend, traffic.Currency);
        day.RecordedAt = now;
        day.Revisions++;
        db.Publish(new TrafficRecorded(day.Campaign, day.Source, day.Date, day.Visits, day.Clicks, day.Spend, day.Currency));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);

        return TypedResults.Accepted((string?)null, new TrafficResponse(
            day.Campaign, day.Source, day.Date, day.Visits, day.Clicks, day.Spend, day.Currency, day.RecordedAt, replaced));
    }
}
