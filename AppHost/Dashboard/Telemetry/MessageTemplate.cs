using System.Text;

namespace Smarketing.AppHost.Dashboard.Telemetry;

/// <summary>
/// Fills a message template's holes ("Lead {LeadId} scored {Score:0.0}") from the log record's attributes.
/// The .NET SDK sends the template itself as the body unless IncludeFormattedMessage is on; its named values
/// still arrive as attributes, so the dashboard can show the message a developer expects.
/// </summary>
internal static class MessageTemplate
{
    public static string Format(string template, IReadOnlyDictionary<string, string> values)
    {
        if (!template.Contains('{') && !template.Contains('}')) return template;
        var text = new StringBuilder(template.Length + 32);
        for (var i = 0; i < template.Length; i++)
        {
            var c = template[i];
            var next = i + 1 < template.Length ? template[i + 1] : '\0';
            if ((c == '{' && next == '{') || (c == '}' && next == '}'))
            {
                text.Append(c);
                i++;
                continue;
            }
            var close = c == '{' ? template.IndexOf('}', i + 1) : -1;
            if (close < 0)
            {
                text.Append(c);
                continue;
            }
            var hole = template.AsSpan(i + 1, close - i - 1);
            var nameEnd = hole.IndexOfAny(',', ':');
            var name = (nameEnd < 0 ? hole : hole[..nameEnd]).Trim().ToString();
            if (values.TryGetValue(name, out var value)) text.Append(value);
            else text.Append(template, i, close - i + 1);
            i = close;
        }
        return text.ToString();
    }
}
