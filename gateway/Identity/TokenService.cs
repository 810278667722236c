using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Smarketing.ServiceDefaults.Security;

namespace Smarketing.Gateway.Identity;

public sealed record IssuedToken(string AccessToken, DateTime ExpiresAt);

/// <summary>Signs the short-lived access tokens every service validates, and makes opaque secrets (refresh tokens, keys).</summary>
public sealed class TokenService(IConfiguration configuration, TimeProvider clock)
{
    public static readonly TimeSpan AccessLifetime = TimeSpan.FromMinutes(15);
    public static readonly TimeSpan RefreshLifetime = TimeSpan.FromDays(14);
    private static readonly TimeSpan ToolLifetime = TimeSpan.FromMinutes(2);
    private readonly SigningCredentials _credentials = new(AuthenticationExtensions.SigningKey(configuration), SecurityAlgorithms.HmacSha256);
    private readonly JsonWebTokenHandler _handler = new();

    /// <summary>A person's token: it works only while its session is live and the user's token version is current.</summary>
    public IssuedToken ForUser(AppUser user, Guid sessionId)
    {
        var claims = new List<Claim>
        {
            new(JwtRegisteredClaimNames.Sub, user.Id.ToString()),
            new(ClaimNames.SessionId, sessionId.ToString()),
            new(ClaimNames.TokenVersion, user.TokenVersion.ToString(System.Globalization.CultureInfo.InvariantCulture), ClaimValueTypes.Integer64),
            new(ClaimNames.Email, user.Email),
            new(ClaimNames.Name, user.Name),
            new(ClaimNames.Role, user.Role),
        };
        if (user.RepId is { } repId) claims.Add(new Claim(ClaimNames.RepId, repId.ToString()));
        return Issue(claims, AccessLifetime);
    }

    /// <summary>What a request with a valid X-Api-Key carries downstream: the tool, as a capture_tool principal.</summary>
    public IssuedToken ForApiKey(ApiKey key) => Issue(
    [
        new(JwtRegisteredClaimNames.Sub, $"api-key:{key.Id}"),
        new(ClaimNames.Name, key.Name),
        new(ClaimNames.Role, Roles.CaptureTool),
    ], ToolLifetime);

    /// <summary>The gateway calling a service on its own behalf (checking the roster when linking a rep).</summary>
    public IssuedToken ForService() => Issue(
    [
        new(JwtRegisteredClaimNames.Sub, "service:gateway"),
        new(ClaimNames.Name, "gateway"),
        new(ClaimNames.Role, Roles.Admin),
    ], ToolLifetime);

    public static string NewSecret(string prefix) =>
        prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>Refresh tokens, invitations and API keys are random and long, so a plain SHA-256 is the right hash for them.</summary>
    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    private IssuedToken Issue(IEnumerable<Claim> claims, TimeSpan lifetime)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var expires = now + lifetime;
        var token = _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = AuthenticationExtensions.Issuer,
            Audience = AuthenticationExtensions.Audience,
            Subject = new ClaimsIdentity(claims),
            IssuedAt = now,
            NotBefore = now,
            Expires = expires,
            SigningCredentials = _credentials,
        });
        return new IssuedToken(token, expires);
    }
}
