using System.Globalization;
using System.Text;

namespace Smarketing.Pipeline.Bench.Pipeline;

/// <summary>
/// Capture bodies for hot leads: API.md's example (a business owner in Jakarta with a specific billboard need, a large
/// budget and a near timeline, from a quote request), which the default scoring model grades A / sql, so every one is
/// scored, assigned and given a cadence. Each has its own event id, email and phone, so none is a duplicate or a merge.
/// </summary>
internal sealed class HotLeads(string run)
{
    private long _next;

    public (string EventId, string Json) Next()
    {
        var n = Interlocked.Increment(ref _next);
        var eventId = $"bench-{run}-{n}";
        var json = new StringBuilder(900).Append("{\"eventId\":\"").Append(eventId).Append("\",")
            .Append("\"source\":\"quote-request\",\"campaign\":\"bench-").Append(run).Append("\",")
            .Append("\"occurredAt\":\"").Append(DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(7)).ToString("yyyy-MM-ddTHH:mm:ss.fffzzz", CultureInfo.InvariantCulture)).Append("\",")
            .Append("\"contact\":{\"name\":\"Budi Santoso ").Append(n).Append("\",\"email\":\"budi.").Append(run).Append('.').Append(n)
            .Append("@tokoabc.co.id\",\"phone\":\"0812").Append(10_000_000 + n % 89_999_999)
            .Append("\",\"company\":\"Toko ABC ").Append(n % 500).Append("\",\"jobTitle\":\"Owner\",\"city\":\"Jakarta\"},")
            .Append("\"interest\":{\"product\":\"billboard\",\"message\":\"Butuh billboard 4x8 di Sudirman bulan depan\",")
            .Append("\"budget\":50000000,\"currency\":\"IDR\",\"timeline\":\"now\",\"locations\":[\"Jl. Sudirman\"]},")
            .Append("\"utm\":{\"source\":\"google\",\"medium\":\"cpc\",\"campaign\":\"billboard-q4\"},")
            .Append("\"consent\":true,\"attributes\":{\"formId\":\"quote-v2\"}}");
        return (eventId, json.ToString());
    }

    public string Batch(int size, List<string> eventIds)
    {
        var json = new StringBuilder(size * 900).Append("{\"leads\":[");
        for (var i = 0; i < size; i++)
        {
            var (eventId, lead) = Next();
            eventIds.Add(eventId);
            if (i > 0) json.Append(',');
            json.Append(lead);
        }
        return json.Append("]}").ToString();
    }
}
