using Microsoft.Extensions.Logging;

namespace Smarketing.AppHost.Dashboard.Telemetry;

/// <summary>GET /api/telemetry/logs: every filter optional; <paramref name="MinLevel"/> is a minimum.</summary>
public sealed record LogQuery(string? Resource = null, LogLevel? MinLevel = null, string? Text = null, string? TraceId = null, int Limit = 500);

/// <summary>GET /api/telemetry/traces: traces touching <paramref name="Resource"/>, matching <paramref name="Text"/>.</summary>
public sealed record TraceQuery(string? Resource = null, string? Text = null, int Limit = 100);

/// <summary>GET /api/telemetry/metrics/series: the last <paramref name="Minutes"/> of an instrument in steps.</summary>
public sealed record MetricSeriesQuery(string Name, string? Resource = null, int Minutes = 5, int StepSeconds = 5);
