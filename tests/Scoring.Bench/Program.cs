using System.Diagnostics;
using System.Text.Json;
using Smarketing.Scoring.Domain;

// Scoring cost per lead (CPU time, one thread), a full in-memory rescore of 100,000 open leads with progress, and the
// same 100,000 rescored by the real rescoring job on PostgreSQL.
const int Warmup = 20_000;
const int Measured = 200_000;
const int RescoreCount = 100_000;
const int BatchSize = 500;
const double BudgetMicroseconds = 1000;

var json = new JsonSerializerOptions(JsonSerializerDefaults.Web);
var model = DefaultScoringModel.Create();
var profiles = LeadProfiles.Generate(10_000, new Random(2026));
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
var openLeads = LeadProfiles.Generate(RescoreCount, new Random(7));
var stored = openLeads.Select(p => JsonSerializer.Serialize(p, json)).ToList();
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

var failed = false;
if (perLead >= BudgetMicroseconds)
{
    Console.Error.WriteLine($"FAIL: {perLead:0.0} µs per lead is over the {BudgetMicroseconds:0} µs budget.");
    failed = true;
}
else
{
    Console.WriteLine($"OK: {perLead:0.00} µs per lead, well under the {BudgetMicroseconds:0} µs budget.");
}

Console.WriteLine();
if (!await DatabaseRescore.RunAsync(openLeads)) failed = true;
return failed ? 1 : 0;
