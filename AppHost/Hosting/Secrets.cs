using System.Security.Cryptography;
using System.Text.Json;

namespace Smarketing.AppHost.Hosting;

/// <summary>
/// Passwords and keys generated once per install and kept in the data directory (mode 600, never in the
/// repository); SMARKETING_API_KEY and SMARKETING_ADMIN_PASSWORD take precedence for unattended use.
/// </summary>
public sealed record Secrets(string PostgresPassword, string RedisPassword, string RabbitPassword, string ApiKey, string AdminPassword)
{
    /// <summary>True when this run created them: they are printed this once.</summary>
    public bool CreatedNow { get; init; }

    public static Secrets LoadOrCreate(string dataDir, string? apiKey, string? adminPassword)
    {
        var path = Path.Combine(dataDir, "secrets.json");
        Secrets secrets;
        if (File.Exists(path))
        {
            secrets = JsonSerializer.Deserialize<Secrets>(File.ReadAllText(path))!;
        }
        else
        {
            Directory.CreateDirectory(dataDir);
            secrets = new Secrets(Generate(24), Generate(24), Generate(24), "smk_" + Generate(32), Generate(16)) { CreatedNow = true };
            File.WriteAllText(path, JsonSerializer.Serialize(secrets with { CreatedNow = false }));
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        return secrets with { ApiKey = apiKey ?? secrets.ApiKey, AdminPassword = adminPassword ?? secrets.AdminPassword };
    }

    private static string Generate(int bytes) => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(bytes));
}
