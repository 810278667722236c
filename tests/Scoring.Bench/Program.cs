using System.Diagnostics;
using System.Text.Json;
using Smarketing.Contracts;
using Smarketing.Scoring.Domain;

// Scoring cost per lead (CPU time, one thread) and a full in-memory rescore of 100,000 open leads with progress.
const int Warmup = 20_000;
const int Measured = 200_000;
const int RescoreCount = 100_000;
const int BatchSize = 500;
const double BudgetMicroseconds = 1000;

var json = new JsonSerializerOptions(JsonSerializerDefaults.Web);
var model = DefaultScoringModel.Create();
var profiles = Generate(10_000, new Random(2026));
var now = DateTime.UtcNow;

for (var i = 0; i < Warmup; i++) model.Score(profiles[i % profiles.Count], now);

var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
var wall = Stopwatch.StartNew();
var checksum = 0L;
for (var i = 0; i < Measured; i++) checksum += model.Score(profiles[i % profiles.Count], now).Value;
wall.Stop();
var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
var perLead = cpu.TotalMicroseconds / Measured;
Console.WriteLine($"Scored {Measured:N0} leads with model {model.Version} ({model.Rules.Count} rules): " +
                  $"{perLead:0.00} µs CPU per lead, {wall.Elapsed.TotalMicroseconds / Measured:0.00} µs wall (checksum {checksum})");

// The rescoring path as the worker runs it: read the stored profile, score, write the reasons, in batches.
var stored = Generate(RescoreCount, new Random(7)).Select(p => JsonSerializer.Serialize(p, json)).ToList();
Console.WriteLine($"Rescoring {RescoreCount:N0} open leads in batches of {BatchSize}…");
cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
wall.Restart();
var grades = new Dictionary<string, int>();
for (var start = 0; start < stored.Count; start += BatchSize)
{
    foreach (var row in stored.GetRange(start, Math.Min(BatchSize, stored.Count - start)))
    {
        var score = model.Score(JsonSerializer.Deserialize<LeadProfile>(row, json)!, now);
        _ = JsonSerializer.Serialize(score.Reasons, json);
        grades[score.Grade] = grades.GetValueOrDefault(score.Grade) + 1;
    }
    var done = Math.Min(start + BatchSize, stored.Count);
    if (done % 10_000 == 0 || done == stored.Count)
        Console.WriteLine($"  {done,7:N0}/{stored.Count:N0}  {wall.Elapsed.TotalSeconds,6:0.00} s");
}
cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
Console.WriteLine($"Rescored {RescoreCount:N0} leads in {wall.Elapsed.TotalSeconds:0.00} s wall, {cpu.TotalSeconds:0.00} s CPU " +
                  $"({cpu.TotalMicroseconds / RescoreCount:0.0} µs per lead with JSON); grades " +
                  string.Join(", ", grades.OrderBy(g => g.Key).Select(g => $"{g.Key} {g.Value:N0}")));

if (perLead >= BudgetMicroseconds)
{
    Console.Error.WriteLine($"FAIL: {perLead:0.0} µs per lead is over the {BudgetMicroseconds:0} µs budget.");
    return 1;
}
Console.WriteLine($"OK: {perLead:0.00} µs per lead, well under the {BudgetMicroseconds:0} µs budget.");
return 0;

static List<LeadProfile> Generate(int count, Random random)
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
