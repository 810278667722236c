using System.Text.Json;

namespace Smarketing.Reporting.Data;

/// <summary>jsonb columns hold the contract records as the web serialiser writes them (camelCase).</summary>
public static class Jsonb
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static string? Write<T>(T? value) => value is null ? null : JsonSerializer.Serialize(value, Options);

    public static T? Read<T>(string? json) => json is null ? default : JsonSerializer.Deserialize<T>(json, Options);
}
