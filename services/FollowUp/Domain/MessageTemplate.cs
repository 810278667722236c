using System.Text;
using System.Text.RegularExpressions;

namespace Smarketing.FollowUp.Domain;

/// <summary>What a message template can say about the lead and the rep.</summary>
public sealed record TemplateData(string? Name, string? Company, string? Product, string? City, string? RepName);

/// <summary>
/// Fills {name}, {firstName}, {company}, {product}, {city} and {rep} in a step's message. A missing value reads
/// naturally instead of leaving a hole: "Anda" for a name, "perusahaan Anda" for a company.
/// </summary>
public static partial class MessageTemplate
{
    public static readonly IReadOnlyList<string> Placeholders = ["name", "firstName", "company", "product", "city", "rep"];

    [GeneratedRegex(@"\{([A-Za-z]+)\}")]
    private static partial Regex Placeholder();

    public static IEnumerable<string> UnknownPlaceholders(string? template) =>
        template is null ? [] : Placeholder().Matches(template).Select(m => m.Groups[1].Value).Where(p => !Placeholders.Contains(p)).Distinct();

    public static string Fill(string template, TemplateData data) =>
        Placeholder().Replace(template, m => m.Groups[1].Value switch
        {
            "name" => Or(data.Name, "Bapak/Ibu"),
            "firstName" => Or(data.Name?.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault(), "Bapak/Ibu"),
            "company" => Or(data.Company, "perusahaan Anda"),
            "product" => Or(data.Product, "layanan kami"),
            "city" => Or(data.City, "kota Anda"),
            "rep" => Or(data.RepName, "tim sales kami"),
            _ => m.Value,
        });

    private static string Or(string? value, string fallback) => string.IsNullOrWhiteSpace(value) ? fallback : value.Trim();
}

/// <summary>The real destinations behind the one-tap buttons: tel:, WhatsApp click-to-chat and mailto.</summary>
public static class ContactLinks
{
    /// <summary>tel:+6281234567890, or null without a phone.</summary>
    public static string? Call(string? phone) => Digits(phone) is { } digits ? $"tel:+{digits}" : null;

    /// <summary>https://wa.me/6281234567890?text=… (click-to-chat wants the number in international form without "+").</summary>
    public static string? WhatsApp(string? phone, string? message)
    {
        if (Digits(phone) is not { } digits) return null;
        return string.IsNullOrEmpty(message) ? $"https://wa.me/{digits}" : $"https://wa.me/{digits}?text={Uri.EscapeDataString(message)}";
    }

    /// <summary>mailto:someone@example.com?subject=…&amp;body=… with both parts percent-encoded (spaces as %20, as mail clients expect).</summary>
    public static string? Email(string? email, string? subject, string? body)
    {
        if (string.IsNullOrWhiteSpace(email)) return null;
        var query = new List<string>();
        if (!string.IsNullOrEmpty(subject)) query.Add("subject=" + Uri.EscapeDataString(subject));
        if (!string.IsNullOrEmpty(body)) query.Add("body=" + Uri.EscapeDataString(body));
        return $"mailto:{email.Trim()}" + (query.Count > 0 ? "?" + string.Join("&", query) : "");
    }

    /// <summary>Stored phones are E.164 (+62…); anything else is reduced to its digits, and an Indonesian 0… becomes 62….</summary>
    private static string? Digits(string? phone)
    {
        if (string.IsNullOrWhiteSpace(phone)) return null;
        var digits = new StringBuilder();
        foreach (var c in phone) if (char.IsAsciiDigit(c)) digits.Append(c);
        if (digits.Length < 6) return null;
        if (!phone.TrimStart().StartsWith('+') && digits[0] == '0') digits.Remove(0, 1).Insert(0, "62");
        return digits.ToString();
    }
}
