using System.Security.Cryptography;
using System.Text.Json;

namespace Smarketing.AppHost.Local;

/// <summary>
/// Passwords and keys generated once per install and kept in the data directory (mode 600, never in the repository).
/// They reach the app model as Aspire secret parameters; SMARKETING_API_KEY and SMARKETING_ADMIN_PASSWORD win.
/// </summary>
public sealed record InstallSecrets(string PostgresPassword, string RedisPassword, string RabbitPassword, string ApiKey, string AdminPassword, string? SigningKey = null)
{
    public const string FileName = "secrets.json";

    /// <summary>True when this run created them: they are printed this once.</summary>
    public bool CreatedNow { get; init; }

    public static InstallSecrets LoadOrCreate(string dataDir, string? apiKey, string? adminPassword)
    {
        var path = Path.Combine(dataDir, FileName);
        InstallSecrets secrets;
        if (File.Exists(path))
        {
            secrets = JsonSerializer.Deserialize<InstallSecrets>(File.ReadAllText(path))!;
            // Installs from before a secret existed get it now, kept from then on.
            if (secrets.SigningKey is null) Save(path, secrets = secrets with { SigningKey = Generate(32) });
        }
        else
        {
            Directory.CreateDirectory(dataDir);
            secrets = new InstallSecrets(Generate(24), Generate(24), Generate(24), "smk_" + Generate(32), Generate(12), Generate(32)) { CreatedNow = true };
            Save(path, secrets);
        }
        return secrets with { ApiKey = apiKey ?? secrets.ApiKey, AdminPassword = adminPassword ?? secrets.AdminPassword };
    }

    /// <summary>The values as Aspire parameter configuration (Parameters:{name}).</summary>
    public IEnumerable<KeyValuePair<string, string?>> AsParameters() =>
    [
        new("Parameters:postgres-password", PostgresPassword),
        new("Parameters:cache-password", RedisPassword),
        new("Parameters:messaging-password", RabbitPassword),
        new("Parameters:api-key", ApiKey),
        new("Parameters:admin-password", AdminPassword),
        new("Parameters:signing-key", SigningKey),
    ];

    private static void Save(string path, InstallSecrets secrets)
    {
        File.WriteAllText(path, JsonSerializer.Serialize(secrets with { CreatedNow = false }));
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    private static string Generate(int bytes) => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(bytes));
}
