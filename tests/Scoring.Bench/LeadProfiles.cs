using Smarketing.Contracts;
using Smarketing.Scoring.Domain;

/// <summary>Leads as they arrive in Indonesia's outdoor-advertising market: every source, some spam, students, bare price questions.</summary>
internal static class LeadProfiles
{
    public static List<LeadProfile> Generate(int count, Random random)
    {
        string[] sources = ["website-form", "whatsapp", "quote-request", "landing-page", "ads-lead-form", "referral", "event", "import"];
        string[] messages =
        [
            "Butuh billboard 4x8 di Sudirman bulan depan", "harga?", "Berapa biaya pasang baliho ukuran 5x10 di Jl. Gatot Subroto selama 3 bulan",
            "Saya mahasiswa, untuk tugas kuliah", "Daftar slot gacor di www.contoh.example", "Mau tanya pricelist neon box", "",
        ];
        string[] titles = ["Owner", "Marketing Manager", "Staff", "Direktur", "Student", ""];
        string[] cities = ["Jakarta", "Surabaya", "Kupang", "Bandung", "Ambon", ""];
        string?[] timelines = ["now", "this-month", "this-quarter", "later", "unknown", null];
        var list = new List<LeadProfile>(count);
        var at = new DateTime(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc);
        for (var i = 0; i < count; i++)
        {
            var free = random.Next(3) == 0;
            list.Add(new LeadProfile(
                sources[random.Next(sources.Length)],
                $"campaign-{random.Next(20)}",
                new ContactInfo($"Lead {i}", free ? $"lead{i}@gmail.com" : $"lead{i}@firma{i % 50}.co.id", "+6281234567890",
                    random.Next(2) == 0 ? $"PT Firma {i % 50}" : null, titles[random.Next(titles.Length)], cities[random.Next(cities.Length)]),
                new InterestInfo("billboard", messages[random.Next(messages.Length)], random.Next(3) == 0 ? random.Next(1, 200) * 1_000_000m : null,
                    "IDR", timelines[random.Next(timelines.Length)], random.Next(2) == 0 ? ["Jl. Sudirman"] : null),
                1 + random.Next(4),
                at.AddDays(-random.Next(40))));
        }
        return list;
    }
}
