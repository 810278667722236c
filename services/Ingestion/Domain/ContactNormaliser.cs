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

    /// <summary>
    /// Tidied, and title-cased when written ALL CAPS or all lower-case ("BUDI  SANTOSO" → "Budi Santoso"): tools
    /// and typists shout or skip the shift key, but a mixed-case name ("McDonald", "de Souza") is the person's own spelling.
    /// </summary>
    public static string? NormaliseName(string? name)
    {
        var tidy = Tidy(name);
        if (tidy is null) return null;
        var cased = tidy.Where(c => char.IsUpper(c) || char.IsLower(c)).ToList();
        if (cased.Count == 0 || (!cased.All(char.IsUpper) && !cased.All(char.IsLower))) return tidy;

        // A word starts after a space or a hyphen ("Siti Nur-Aini"), not after an apostrophe ("Ma'ruf").
        var chars = tidy.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            var startsWord = i == 0 || chars[i - 1] is ' ' or '-';
            chars[i] = startsWord ? char.ToUpperInvariant(chars[i]) : char.ToLowerInvariant(chars[i]);
        }
        return new string(chars);
    }

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    private static partial Regex EmailShape();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
