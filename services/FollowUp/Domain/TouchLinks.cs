using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace Smarketing.FollowUp.Domain;

/// <summary>What a one-tap link stands for: this lead's step, by this channel, tapped by this rep, until then.</summary>
public sealed record TouchTicket(Guid LeadId, Guid TaskId, Guid RepId, string Channel, DateTime ExpiresAt);

/// <summary>
/// Signs the call, WhatsApp and email links a rep taps (/api/followups/go/{token}): an HMAC over lead, step, rep,
/// channel and expiry with a key derived from the install's signing key, so a touch is recorded only for a link
/// Smarketing handed out. The tap itself must come from a live session (TouchLinkRules says whose, and until when).
/// </summary>
public sealed class TouchLinks
{
    public const string Path = Smarketing.ServiceDefaults.Security.SecretUrls.TouchLinkPath;
    private static readonly string[] ChannelCodes = ["call", "whatsapp", "email"];
    private const int PayloadLength = 16 + 16 + 16 + 1 + 8;
    private const int MacLength = 16;
    private readonly byte[] _key;

    public TouchLinks(string signingKey)
    {
        // A key of its own, so a link token can never pass for anything else signed with the install's key.
        _key = HMACSHA256.HashData(Encoding.UTF8.GetBytes(signingKey), "smarketing touch links v1"u8);
    }

    /// <summary>The outer bound: a link usually ends sooner, with its step or a reassignment.</summary>
    public static TimeSpan Lifetime { get; } = TimeSpan.FromDays(2);

    public string Link(TouchTicket ticket) => Path + Issue(ticket);

    public string Issue(TouchTicket ticket)
    {
        var code = Array.IndexOf(ChannelCodes, ticket.Channel);
        if (code < 0) throw new ArgumentException($"No link for channel {ticket.Channel}.", nameof(ticket));
        var payload = new byte[PayloadLength];
        ticket.LeadId.TryWriteBytes(payload.AsSpan(0, 16));
        ticket.TaskId.TryWriteBytes(payload.AsSpan(16, 16));
        ticket.RepId.TryWriteBytes(payload.AsSpan(32, 16));
        payload[48] = (byte)code;
        BinaryPrimitives.WriteInt64BigEndian(payload.AsSpan(49, 8), new DateTimeOffset(DateTime.SpecifyKind(ticket.ExpiresAt, DateTimeKind.Utc)).ToUnixTimeSeconds());
        var mac = HMACSHA256.HashData(_key, payload).AsSpan(0, MacLength);
        return WebEncoders.Base64UrlEncode([.. payload, .. mac]);
    }

    /// <summary>The ticket, or null when the token was not issued by us, was altered, or has expired.</summary>
    public TouchTicket? Read(string token, DateTime nowUtc)
    {
        byte[] bytes;
        try { bytes = WebEncoders.Base64UrlDecode(token); }
        catch (FormatException) { return null; }
        if (bytes.Length != PayloadLength + MacLength) return null;
        var payload = bytes.AsSpan(0, PayloadLength);
        var expected = HMACSHA256.HashData(_key, payload).AsSpan(0, MacLength);
        if (!CryptographicOperations.FixedTimeEquals(expected, bytes.AsSpan(PayloadLength))) return null;
        if (payload[48] >= ChannelCodes.Length) return null;
        var expires = DateTimeOffset.FromUnixTimeSeconds(BinaryPrimitives.ReadInt64BigEndian(payload.Slice(49, 8))).UtcDateTime;
        if (expires < nowUtc) return null;
        return new TouchTicket(new Guid(payload[..16]), new Guid(payload.Slice(16, 16)), new Guid(payload.Slice(32, 16)), ChannelCodes[payload[48]], expires);
    }
}
