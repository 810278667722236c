using System.Globalization;
using Smarketing.Contracts;

namespace Smarketing.Ingestion.Domain;

/// <summary>POST /api/traffic as sent by an ad platform or analytics tool. The date stays text so a bad one is a field error.</summary>
public sealed record TrafficReport(
    string? Campaign, string? Source, string? Date, long? Visits, long? Clicks, decimal? Spend, string? Currency);

/// <summary>A traffic report that passed validation, tidied as stored and published.</summary>
public sealed record ValidatedTraffic(
    string Campaign, string Source, DateOnly Date, int Visits, int Clicks, decimal Spend, string Currency);

/// <summary>
/// The rules for a day's traffic, as a pure function. Missing figures count as zero, because a report replaces the
/// day's earlier one as a whole. Clicks may exceed visits: ad platforms count clicks, analytics counts the visits that
/// loaded its tag, and blockers and early exits routinely make the first larger.
/// </summary>
public static class TrafficValidator
{
    public const int MaxCampaignLength = 200;
    public const int MaxSourceLength = 64;

    /// <summary>Reporting stores spend as numeric(18,2).</summary>
    public const decimal MaxSpend = 9_999_999_999_999_999.99m;

    public static (ValidatedTraffic? Traffic, Dictionary<string, string[]> Errors) Validate(TrafficReport input, DateTime now)
    {
        var errors = new Dictionary<string, string[]>();

        var campaign = Text(input.Campaign, "campaign", MaxCampaignLength, errors);
        var source = Text(input.Source, "source", MaxSourceLength, errors);

        DateOnly date = default;
        if (string.IsNullOrWhiteSpace(input.Date)) errors["date"] = ["date is required (yyyy-MM-dd)."];
        else if (!DateOnly.TryParseExact(input.Date.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date))
            errors["date"] = ["date must be a calendar date written yyyy-MM-dd."];
        // A day ahead is allowed: a tool east of UTC may report its "today" while it is still yesterday in UTC.
        else if (date > DateOnly.FromDateTime(now).AddDays(1)) errors["date"] = ["date is in the future."];

        var visits = Count(input.Visits, "visits", errors);
        var clicks = Count(input.Clicks, "clicks", errors);

        var spend = input.Spend ?? 0m;
        if (spend < 0) errors["spend"] = ["spend cannot be negative."];
        else if (spend > MaxSpend) errors["spend"] = [$"spend must be at most {MaxSpend.ToString(CultureInfo.InvariantCulture)}."];

        var currency = input.Currency ?? LeadVocabulary.DefaultCurrency;
        if (currency.Length != 3 || !currency.All(char.IsAsciiLetterUpper))
            errors["currency"] = ["currency must be an ISO 4217 code such as IDR."];

        if (errors.Count > 0) return (null, errors);
        // Cents are what Reporting keeps; rounding here makes the stored, published and answered figures the same.
        var rounded = Math.Round(spend, 2, MidpointRounding.AwayFromZero);
        return (new ValidatedTraffic(campaign!, source!, date, visits, clicks, rounded, currency), []);
    }

    private static string? Text(string? value, string field, int maxLength, Dictionary<string, string[]> errors)
    {
        var tidy = ContactNormaliser.Tidy(value);
        if (tidy is null) errors[field] = [$"{field} is required."];
        else if (tidy.Length > maxLength) errors[field] = [$"{field} must be at most {maxLength} characters."];
        else if (tidy.Contains('\0')) errors[field] = [$"{field} must not contain NUL (\\u0000) characters."];
        else return tidy;
        return null;
    }

    private static int Count(long? value, string field, Dictionary<string, string[]> errors)
    {
        if (value is < 0) errors[field] = [$"{field} cannot be negative."];
        else if (value > int.MaxValue) errors[field] = [$"{field} must be at most {int.MaxValue}."];
        else return (int)(value ?? 0);
        return 0;
    }
}
