using System.Text.Json;
using System.Text.Json.Serialization;

namespace Smarketing.Contracts;

/// <summary>Who the lead is. On events the fields are normalised (email lower-case, phone E.164).</summary>
public sealed record ContactInfo(
    string? Name = null,
    string? Email = null,
    string? Phone = null,
    string? Company = null,
    string? JobTitle = null,
    string? City = null);

/// <summary>What the lead asked for.</summary>
public sealed record InterestInfo(
    string? Product = null,
    string? Message = null,
    decimal? Budget = null,
    string? Currency = null,
    string? Timeline = null,
    IReadOnlyList<string>? Locations = null);

public sealed record UtmInfo(string? Source = null, string? Medium = null, string? Campaign = null);

public sealed record ScoreReason(string Rule, int Points, string Explanation);

/// <summary>
/// The ad click a touch came from, as the ad platforms name it: Google (gclid, or gbraid/wbraid on iOS), Meta (fbclid,
/// the _fbc and _fbp cookies, ctwa_clid of a click-to-WhatsApp ad), TikTok (ttclid) and Microsoft (msclkid), plus the
/// ad's source id, URL and headline that a WhatsApp referral carries. Kept per touch, sent back with conversions.
/// </summary>
public sealed record AdClickInfo(
    string? Gclid = null,
    string? Gbraid = null,
    string? Wbraid = null,
    string? Fbclid = null,
    string? Fbc = null,
    string? Fbp = null,
    string? CtwaClid = null,
    string? Ttclid = null,
    string? Msclkid = null,
    string? SourceId = null,
    string? SourceUrl = null,
    string? Headline = null)
{
    /// <summary>The ad platform the click ids name (google, meta, tiktok or microsoft), or null when none does.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string? Platform =>
        (Gclid ?? Gbraid ?? Wbraid) is not null ? "google"
        : (Fbclid ?? Fbc ?? Fbp ?? CtwaClid) is not null ? "meta"
        : Ttclid is not null ? "tiktok"
        : Msclkid is not null ? "microsoft"
        : null;
}

/// <summary>
/// What the person agreed to when the lead was captured. API.md's `"consent": true` is <see cref="Marketing"/> alone;
/// the object form adds `adsPersonalisation`: false means the lead's personal data never goes to an ad platform
/// (hashed or not). Null means the capture did not say.
/// </summary>
[JsonConverter(typeof(ConsentInfoConverter))]
public sealed record ConsentInfo(bool? Marketing = null, bool? AdsPersonalisation = null)
{
    public static implicit operator ConsentInfo(bool marketing) => new(marketing);
}

/// <summary>Reads `true`/`false` or `{ "marketing": …, "adsPersonalisation": … }`; writes the object form.</summary>
public sealed class ConsentInfoConverter : JsonConverter<ConsentInfo>
{
    public override ConsentInfo? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.True: return new ConsentInfo(true);
            case JsonTokenType.False: return new ConsentInfo(false);
            case JsonTokenType.Null: return null;
            case JsonTokenType.StartObject:
                bool? marketing = null, ads = null;
                while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                {
                    if (reader.TokenType != JsonTokenType.PropertyName) throw new JsonException("consent: expected a property name.");
                    var name = reader.GetString();
                    reader.Read();
                    bool? value = reader.TokenType switch
                    {
                        JsonTokenType.True => true,
                        JsonTokenType.False => false,
                        JsonTokenType.Null => null,
                        _ => throw new JsonException($"consent.{name} must be true, false or null."),
                    };
                    if (string.Equals(name, "marketing", StringComparison.OrdinalIgnoreCase)) marketing = value;
                    else if (string.Equals(name, "adsPersonalisation", StringComparison.OrdinalIgnoreCase)) ads = value;
                    else throw new JsonException($"consent.{name} is not a consent this platform records (marketing, adsPersonalisation).");
                }
                return new ConsentInfo(marketing, ads);
            default:
                throw new JsonException("consent must be true, false or { \"marketing\": …, \"adsPersonalisation\": … }.");
        }
    }

    public override void Write(Utf8JsonWriter writer, ConsentInfo value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        WriteFlag("marketing", value.Marketing);
        WriteFlag("adsPersonalisation", value.AdsPersonalisation);
        writer.WriteEndObject();

        void WriteFlag(string name, bool? flag)
        {
            if (flag is { } set) writer.WriteBoolean(name, set);
            else writer.WriteNull(name);
        }
    }
}
