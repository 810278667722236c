using Smarketing.Ingestion.Domain;

namespace Smarketing.Ingestion.Tests;

public class TrafficValidatorTests
{
    private static readonly DateTime Now = new(2026, 11, 23, 2, 0, 0, DateTimeKind.Utc);

    // The traffic example of API.md.
    private static readonly TrafficReport ApiExample = new("billboard-jakarta-q4", "google-ads", "2026-11-20", 1200, 300, 1_500_000m, "IDR");

    private static Dictionary<string, string[]> ErrorsOf(TrafficReport input)
    {
        var (traffic, errors) = TrafficValidator.Validate(input, Now);
        Assert.Null(traffic);
        return errors;
    }

    [Fact]
    public void The_api_example_is_accepted_as_given()
    {
        var (traffic, errors) = TrafficValidator.Validate(ApiExample, Now);

        Assert.Empty(errors);
        Assert.Equal(new ValidatedTraffic("billboard-jakarta-q4", "google-ads", new DateOnly(2026, 11, 20), 1200, 300, 1_500_000m, "IDR"), traffic);
    }

    [Fact]
    public void Missing_figures_are_zero_the_currency_is_rupiah_and_names_are_tidied()
    {
        var (traffic, _) = TrafficValidator.Validate(new TrafficReport("  billboard   q4 ", " meta ", "2026-11-20", null, null, null, null), Now);

        Assert.Equal(new ValidatedTraffic("billboard q4", "meta", new DateOnly(2026, 11, 20), 0, 0, 0m, "IDR"), traffic);
    }

    [Fact]
    public void More_clicks_than_visits_is_accepted_because_the_two_are_counted_by_different_tools() =>
        Assert.Empty(TrafficValidator.Validate(ApiExample with { Visits = 10, Clicks = 40 }, Now).Errors);

    [Fact]
    public void Spend_is_kept_to_the_cent() =>
        Assert.Equal(1234.57m, TrafficValidator.Validate(ApiExample with { Spend = 1234.565m }, Now).Traffic!.Spend);

    [Fact]
    public void Campaign_source_and_date_are_required()
    {
        var errors = ErrorsOf(new TrafficReport(" ", null, null, 1, 1, 1m, "IDR"));

        Assert.Equal(["campaign", "date", "source"], errors.Keys.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("20-11-2026")]
    [InlineData("2026-11-20T00:00:00Z")]
    [InlineData("2026-02-30")]
    [InlineData("yesterday")]
    public void A_date_not_written_yyyy_mm_dd_is_reported_on_date(string date) =>
        Assert.Equal(["date"], ErrorsOf(ApiExample with { Date = date }).Keys);

    [Fact]
    public void Tomorrow_is_allowed_for_tools_east_of_utc_but_the_day_after_is_not()
    {
        Assert.Empty(TrafficValidator.Validate(ApiExample with { Date = "2026-11-24" }, Now).Errors);
        Assert.Equal(["date"], ErrorsOf(ApiExample with { Date = "2026-11-25" }).Keys);
    }

    [Fact]
    public void Negative_or_oversized_figures_and_a_malformed_currency_are_reported_on_their_fields()
    {
        var errors = ErrorsOf(ApiExample with { Visits = -1, Clicks = 3_000_000_000, Spend = -0.01m, Currency = "idr" });

        Assert.Equal(["clicks", "currency", "spend", "visits"], errors.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Spend_beyond_what_reporting_can_store_is_refused() =>
        Assert.Equal(["spend"], ErrorsOf(ApiExample with { Spend = 10_000_000_000_000_000m }).Keys);

    [Fact]
    public void A_campaign_longer_than_a_lead_campaign_may_be_is_refused() =>
        Assert.Equal(["campaign"], ErrorsOf(ApiExample with { Campaign = new string('c', 201) }).Keys);
}
