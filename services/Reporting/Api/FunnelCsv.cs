using System.Globalization;
using System.Text;
using Smarketing.Reporting.Domain;

namespace Smarketing.Reporting.Api;

/// <summary>The funnel as RFC 4180 CSV: camelCase header, invariant culture, an empty field for null.</summary>
public static class FunnelCsv
{
    public const string Header =
        "key,visits,clicks,spend,leads,qualified,assigned,contacted,won,lost,revenue," +
        "leadRate,qualifiedRate,winRate,costPerLead,costPerWon,medianSpeedToLeadSeconds,avgTouchesPerLead";

    public static async Task WriteAsync(Stream stream, IEnumerable<FunnelRow> rows, CancellationToken ct)
    {
        await using var writer = new StreamWriter(stream, new UTF8Encoding(false), leaveOpen: true) { NewLine = "\r\n" };
        await writer.WriteLineAsync(Header.AsMemory(), ct);
        foreach (var row in rows) await writer.WriteLineAsync(Line(row).AsMemory(), ct);
        await writer.FlushAsync(ct);
    }

    public static string Line(FunnelRow r) => string.Join(',',
        Text(r.Key), N(r.Visits), N(r.Clicks), N(r.Spend), N(r.Leads), N(r.Qualified), N(r.Assigned), N(r.Contacted),
        N(r.Won), N(r.Lost), N(r.Revenue), N(r.LeadRate), N(r.QualifiedRate), N(r.WinRate), N(r.CostPerLead),
        N(r.CostPerWon), N(r.MedianSpeedToLeadSeconds), N(r.AvgTouchesPerLead));

    /// <summary>
    /// Quotes when needed, and defuses a leading =, +, - or @ that a spreadsheet would run as a formula
    /// (campaign names come from outside tools).
    /// </summary>
    public static string Text(string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r') value = "'" + value;
        return value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? $"\"{value.Replace("\"", "\"\"")}\"" : value;
    }

    private static string N<T>(T? value) where T : struct, IFormattable =>
        value?.ToString(null, CultureInfo.InvariantCulture) ?? "";

    private static string N<T>(T value) where T : struct, IFormattable => value.ToString(null, CultureInfo.InvariantCulture);
}
