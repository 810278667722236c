using System.Security.Cryptography;
using System.Text;

namespace Smarketing.AppHost.Dashboard.Otlp;

/// <summary>
/// The per-run key exporters must send in x-otlp-api-key. Compared as SHA-256 digests with a fixed-time
/// comparison, so neither the content nor the length of the key leaks through response timing.
/// </summary>
internal sealed class OtlpApiKey
{
    private readonly byte[] _expected;

    public OtlpApiKey(string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        _expected = SHA256.HashData(Encoding.UTF8.GetBytes(key));
    }

    public bool Matches(string? presented) =>
        !string.IsNullOrEmpty(presented)
        && CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(presented)), _expected);
}
