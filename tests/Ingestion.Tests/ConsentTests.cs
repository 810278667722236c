using System.Text.Json;
using Smarketing.Contracts;
using Smarketing.Ingestion.Api;

namespace Smarketing.Ingestion.Tests;

public class ConsentTests
{
    private static (CaptureLead? Lead, Dictionary<string, string[]>? Errors) Read(string consentJson) =>
        JsonBody.ReadItem<CaptureLead>(JsonDocument.Parse($$"""{ "eventId": "e1", "source": "whatsapp", "consent": {{consentJson}} }""").RootElement);

    [Theory]
    [InlineData("true", true, null)]
    [InlineData("false", false, null)]
    [InlineData("""{ "marketing": true, "adsPersonalisation": false }""", true, false)]
    [InlineData("""{ "adsPersonalisation": true }""", null, true)]
    public void Consent_is_read_as_api_mds_boolean_or_as_the_object_form(string json, bool? marketing, bool? ads)
    {
        var (lead, errors) = Read(json);

        Assert.Null(errors);
        Assert.Equal(new ConsentInfo(marketing, ads), lead!.Consent);
    }

    [Theory]
    [InlineData("\"yes\"")]
    [InlineData("""{ "adsPersonalisation": "no" }""")]
    [InlineData("""{ "newsletter": true }""")]
    public void Anything_else_is_refused_on_the_consent_field(string json)
    {
        var (lead, errors) = Read(json);

        Assert.Null(lead);
        Assert.StartsWith("consent", Assert.Single(errors!).Key);
    }

    [Fact]
    public void The_object_form_survives_a_round_trip_on_the_broker()
    {
        var json = JsonSerializer.Serialize(new ConsentInfo(true, false), JsonSerializerOptions.Web);

        Assert.Equal("""{"marketing":true,"adsPersonalisation":false}""", json);
        Assert.Equal(new ConsentInfo(true, false), JsonSerializer.Deserialize<ConsentInfo>(json, JsonSerializerOptions.Web));
    }
}
