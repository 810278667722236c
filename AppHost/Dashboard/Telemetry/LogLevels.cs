using Microsoft.Extensions.Logging;
using OpenTelemetry.Proto.Logs.V1;

namespace Smarketing.AppHost.Dashboard.Telemetry;

/// <summary>OTLP severities mapped onto .NET's log levels, the names the dashboard shows and filters by.</summary>
internal static class LogLevels
{
    public static LogLevel FromSeverity(SeverityNumber number, string text) => (int)number switch
    {
        >= 1 and <= 4 => LogLevel.Trace,
        >= 5 and <= 8 => LogLevel.Debug,
        >= 9 and <= 12 => LogLevel.Information,
        >= 13 and <= 16 => LogLevel.Warning,
        >= 17 and <= 20 => LogLevel.Error,
        >= 21 => LogLevel.Critical,
        // No number: SDKs that only send text use the short OTel names or .NET's own.
        _ => TryParse(text, out var level) ? level : LogLevel.Information,
    };

    /// <summary>Accepts the contract's names (Trace ... Critical) and the OTel short names, any case; never numbers.</summary>
    public static bool TryParse(string? text, out LogLevel level)
    {
        level = text?.Trim().ToUpperInvariant() switch
        {
            "TRACE" => LogLevel.Trace,
            "DEBUG" => LogLevel.Debug,
            "INFORMATION" or "INFO" => LogLevel.Information,
            "WARNING" or "WARN" => LogLevel.Warning,
            "ERROR" => LogLevel.Error,
            "CRITICAL" or "FATAL" => LogLevel.Critical,
            _ => LogLevel.None,
        };
        return level != LogLevel.None;
    }
}
