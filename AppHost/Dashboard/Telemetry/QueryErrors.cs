using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Logging;

namespace Smarketing.AppHost.Dashboard.Telemetry;

/// <summary>
/// Reads the telemetry API's query values by hand so that a bad one ("limit=abc") is answered with a
/// validation problem naming the field, rather than minimal API binding's bare 400.
/// </summary>
internal sealed class QueryErrors
{
    private readonly Dictionary<string, string[]> _errors = [];

    public bool Any => _errors.Count > 0;

    public ValidationProblem Problem() => TypedResults.ValidationProblem(_errors, title: "Invalid telemetry query");

    public void Add(string field, string message) => _errors[field] = [message];

    public int Int(string field, string? text, int fallback, int min, int max)
    {
        if (string.IsNullOrWhiteSpace(text)) return fallback;
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max) return value;
        Add(field, $"'{field}' must be a whole number from {min} to {max}.");
        return fallback;
    }

    public LogLevel? Level(string field, string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (LogLevels.TryParse(text, out var level)) return level;
        Add(field, $"'{field}' must be one of Trace, Debug, Information, Warning, Error, Critical.");
        return null;
    }

    /// <summary>A W3C trace id: 32 hex digits, returned lowercase as the store keeps them.</summary>
    public string? TraceId(string field, string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var id = text.Trim();
        if (id.Length == 32 && id.All(char.IsAsciiHexDigit)) return id.ToLowerInvariant();
        Add(field, $"'{field}' must be a trace id of 32 hexadecimal digits.");
        return null;
    }

    public string Required(string field, string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) Add(field, $"'{field}' is required.");
        return text?.Trim() ?? "";
    }
}
