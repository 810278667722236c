using System.Net.Mail;
using System.Text.RegularExpressions;
using PhoneNumbers;

namespace Smarketing.Ingestion.Domain;

/// <summary>Puts contact data into the one form stored and compared: E.164 phones, lower-case emails, tidy names.</summary>
public static partial class ContactNormaliser
{
    public const string DefaultRegion = "ID";
    private static readonly PhoneNumberUtil Phones = PhoneNumberUtil.GetInstance();

    /// <summary>Indonesian local numbers (0812…) become +62812…; null when the text is not a valid phone number.</summary>
    public static string? NormalisePhone(string phone)
    {
        try
        {
            var parsed = Phones.Parse(phone, DefaultRegion);
            return Phones.IsValidNumber(parsed) ? Phones.Format(parsed, PhoneNumberFormat.E164) : null;
        }
        catch (NumberParseException)
        {
            return null;
        }
    }

    /// <summary>Trimmed and lower-cased; null when it is not a plain address (no display names, one @, a dotted domain).</summary>
    public static string? NormaliseEmail(string email)
    {
        var trimmed = email.Trim().ToLowerInvariant();
        if (trimmed.Length > 254 || !EmailShape().IsMatch(trimmed)) return null;
        return MailAddress.TryCreate(trimmed, out var address) && address.Address == trimmed ? trimmed : null;
    }

    /// <summary>Collapses runs of white space; empty becomes null.</summary>
    public static string? Tidy(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        return Spaces().Replace(text.Trim(), " ");
    }

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    private static partial Regex EmailShape();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
