using System.Globalization;
using Google.Protobuf;
using Google.Protobuf.Collections;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Resource.V1;

namespace Smarketing.AppHost.Dashboard.Telemetry;

/// <summary>Which process sent a batch: the resource's service.name, and its service.instance.id (the name when absent).</summary>
internal readonly record struct TelemetrySource(string Name, string Instance);

/// <summary>OTLP wire values turned into what the dashboard shows: text attributes, hex ids, UTC times.</summary>
internal static class OtlpValues
{
    // What the OpenTelemetry SDKs report when the service name is not configured.
    private const string UnknownService = "unknown_service";

    public static TelemetrySource Source(Resource? resource)
    {
        string? name = null, instance = null;
        foreach (var attribute in resource?.Attributes ?? [])
        {
            if (attribute.Key == "service.name") name = Text(attribute.Value);
            else if (attribute.Key == "service.instance.id") instance = Text(attribute.Value);
        }
        name = string.IsNullOrEmpty(name) ? UnknownService : name;
        return new TelemetrySource(name, string.IsNullOrEmpty(instance) ? name : instance);
    }

    /// <summary>The first <paramref name="limit"/> attributes as text; a repeated key keeps its last value.</summary>
    public static Dictionary<string, string> Attributes(RepeatedField<KeyValue> attributes, int limit)
    {
        var result = new Dictionary<string, string>(Math.Min(attributes.Count, limit), StringComparer.Ordinal);
        foreach (var attribute in attributes)
        {
            if (result.Count >= limit && !result.ContainsKey(attribute.Key)) continue;
            result[attribute.Key] = Text(attribute.Value);
        }
        return result;
    }

    public static string Text(AnyValue? value) => value?.ValueCase switch
    {
        AnyValue.ValueOneofCase.StringValue => value.StringValue,
        AnyValue.ValueOneofCase.BoolValue => value.BoolValue ? "true" : "false",
        AnyValue.ValueOneofCase.IntValue => value.IntValue.ToString(CultureInfo.InvariantCulture),
        AnyValue.ValueOneofCase.DoubleValue => value.DoubleValue.ToString(CultureInfo.InvariantCulture),
        AnyValue.ValueOneofCase.ArrayValue => "[" + string.Join(", ", value.ArrayValue.Values.Select(Text)) + "]",
        AnyValue.ValueOneofCase.KvlistValue => "{" + string.Join(", ", value.KvlistValue.Values.Select(kv => $"{kv.Key}: {Text(kv.Value)}")) + "}",
        AnyValue.ValueOneofCase.BytesValue => value.BytesValue.ToBase64(),
        _ => "",
    };

    /// <summary>A trace or span id as lowercase hex (W3C form); null when absent or all zeros (invalid per OTLP).</summary>
    public static string? HexId(ByteString id)
    {
        var bytes = id.Span;
        return bytes.IsEmpty || !bytes.ContainsAnyExcept((byte)0) ? null : Convert.ToHexStringLower(bytes);
    }

    public static DateTime Time(ulong unixNanos) => DateTime.UnixEpoch.AddTicks((long)(unixNanos / 100));
}
