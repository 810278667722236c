namespace Smarketing.FollowUp.Domain;

/// <summary>
/// Indonesia's three zones, from the lead's city: WIB (Asia/Jakarta) for Sumatra, Java and West/Central
/// Kalimantan, WITA (Asia/Makassar) for Bali, Nusa Tenggara, Sulawesi and East/South/North Kalimantan, WIT
/// (Asia/Jayapura) for Maluku and Papua. An unknown city keeps the default zone.
/// </summary>
public static class IndonesianTimeZones
{
    public const string Wib = "Asia/Jakarta";
    public const string Wita = "Asia/Makassar";
    public const string Wit = "Asia/Jayapura";

    private static readonly string[] WitaPlaces =
    [
        "makassar", "bali", "denpasar", "badung", "gianyar", "kuta", "ubud", "mataram", "lombok", "kupang", "bima", "sumbawa",
        "labuan bajo", "flores", "manado", "gorontalo", "palu", "kendari", "bitung", "parepare", "balikpapan", "samarinda",
        "banjarmasin", "banjarbaru", "tarakan", "bontang", "tanjung selor", "nusa tenggara", "sulawesi",
    ];

    private static readonly string[] WitPlaces =
    [
        "jayapura", "ambon", "sorong", "manokwari", "merauke", "timika", "ternate", "tidore", "biak", "nabire", "fakfak",
        "wamena", "tual", "papua", "maluku",
    ];

    public static string ForCity(string? city, string fallback = Wib)
    {
        if (string.IsNullOrWhiteSpace(city)) return fallback;
        var name = city.Trim().ToLowerInvariant();
        if (WitPlaces.Any(name.Contains)) return Wit;
        if (WitaPlaces.Any(name.Contains)) return Wita;
        return fallback;
    }
}
