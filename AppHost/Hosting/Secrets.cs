using System.Security.Cryptography;
using System.Text.Json;

namespace Smarketing.AppHost.Hosting;

/// <summary>
/// Passwords and keys generated once per install and kept in the data directory (mode 600, never in the
/// repository); SMARKETING_API_KEY and SMARKETING_ADMIN_PASSWORD take precedence for unattended use.
/// </summary>
public sealed record Secrets(string PostgresPassword, string RedisPassword, string RabbitPassword, string ApiKey, string AdminPassword, string? SigningKey = null)
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
            // Installs from before a secret existed get it now, kept from then on.
            if (secrets.SigningKey is null) Save(path, secrets = secrets with { SigningKey = Generate(32) });
        }
        else
        {
            Directory.CreateDirectory(dataDir);
            secrets = new Secrets(Generate(24), Generate(24), Generate(24), "smk_" + Generate(32), Generate(12), Generate(32)) { CreatedNow = true };
            Save(path, secrets);
        }
        return secrets with { ApiKey = apiKey ?? secrets.ApiKey, AdminPassword = adminPassword ?? secrets.AdminPassword };
    }

    private static void Save(string path, Secrets secrets)
    {
        File.WriteAllText(path, JsonSerializer.Serialize(secrets with { CreatedNow = false }));
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    private static string Generate(int bytes) => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(bytes));
}
