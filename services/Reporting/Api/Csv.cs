using System.Globalization;
using System.Text;

namespace Smarketing.Reporting.Api;

/// <summary>RFC 4180 CSV: camelCase header, CRLF, invariant culture, ISO 8601 UTC times, an empty field for null; rows are written as they come.</summary>
public static class Csv
{
    public static async Task WriteAsync(Stream stream, IReadOnlyList<string> header, IAsyncEnumerable<object?[]> rows, CancellationToken ct)
    {
        await using var writer = new StreamWriter(stream, new UTF8Encoding(false), leaveOpen: true) { NewLine = "\r\n" };
        await writer.WriteLineAsync(string.Join(',', header).AsMemory(), ct);
        var written = 0;
        await foreach (var row in rows.WithCancellation(ct))
        {
            await writer.WriteLineAsync(Line(row).AsMemory(), ct);
            if (++written % 1000 == 0) await writer.FlushAsync(ct);
        }
        await writer.FlushAsync(ct);
    }

    public static Task WriteAsync(Stream stream, IReadOnlyList<string> header, IEnumerable<object?[]> rows, CancellationToken ct) =>
        WriteAsync(stream, header, rows.ToAsyncEnumerable(), ct);

    public static string Line(IEnumerable<object?> fields) => string.Join(',', fields.Select(Field));

    public static string Field(object? value) => value switch
    {
        null => "",
        string s => Text(s),
        DateTime t => t.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => Text(value.ToString() ?? ""),
    };

    /// <summary>
    /// Quotes when needed, and defuses a leading =, +, - or @ that a spreadsheet would run as a formula
    /// (campaign names come from outside tools).
    /// </summary>
    public static string Text(string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r') value = "'" + value;
        return value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? $"\"{value.Replace("\"", "\"\"")}\"" : value;
    }
}
