namespace Smarketing.EndToEnd.Tests;

/// <summary>Lead bodies as marketing tools send them; every call makes unique ids, phones and emails.</summary>
public static class Leads
{
    private static int _counter = Random.Shared.Next(1000, 9000);

    public static string UniqueSuffix() => $"{Interlocked.Increment(ref _counter):D4}{Random.Shared.Next(100, 999)}";

    /// <summary>A local Indonesian mobile number (0812-…), unique per call.</summary>
    public static string UniquePhone() => $"0812-{Random.Shared.Next(1000, 9999)}-{Random.Shared.Next(1000, 9999)}";

    /// <summary>The hot lead of API.md: a business owner with a specific need, a budget and a timeline.</summary>
    public static object Hot(string campaign, string? phone = null, string? eventId = null)
    {
        var id = UniqueSuffix();
        return new
        {
            eventId = eventId ?? $"form-{id}",
            source = "website-form",
            campaign,
            occurredAt = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(7)),
            contact = new
            {
                name = "Budi Santoso", email = $"budi{id}@tokoabc.co.id", phone = phone ?? UniquePhone(),
                company = "Toko ABC", jobTitle = "Owner", city = "Jakarta",
            },
            interest = new
            {
                product = "billboard", message = "Butuh billboard 4x8 di Sudirman bulan depan",
                budget = 50_000_000, currency = "IDR", timeline = "this-month", locations = new[] { "Jl. Sudirman" },
            },
            utm = new { source = "google", medium = "cpc", campaign },
            consent = true,
        };
    }

    /// <summary>A bare price question from a free-mail address: the kind of lead that should stay with marketing.</summary>
    public static object Poor(string campaign) => new
    {
        eventId = $"lp-{UniqueSuffix()}",
        source = "landing-page",
        campaign,
        contact = new { email = $"someone{UniqueSuffix()}@gmail.com" },
        interest = new { message = "harga?" },
    };
}
