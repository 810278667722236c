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
