using System.Text.RegularExpressions;
using Smarketing.Contracts;

namespace Smarketing.Ingestion.Domain;

/// <summary>
/// What an ad click id may look like. The platforms issue URL-safe tokens (letters, digits, '-' and '_'); Meta's
/// _fbc and _fbp cookies are "fb.{subdomain index}.{unix ms}.{value}". Anything else is refused per field rather than
/// stored and later rejected by the platform's import.
/// </summary>
public static partial class AdClickRules
{
    public const int MaxClickIdLength = 512;
    public const int MaxSourceIdLength = 128;
    public const int MaxSourceUrlLength = 2048;
    public const int MaxHeadlineLength = 200;

    /// <summary>Errors by field path ("adClick.gclid"), and the click with blanks dropped (null when nothing is left).</summary>
    public static (AdClickInfo? Click, List<(string Field, string Message)> Errors) Validate(AdClickInfo? input)
    {
        var errors = new List<(string, string)>();
        if (input is null) return (null, errors);
        var click = new AdClickInfo(
            Token("gclid", input.Gclid), Token("gbraid", input.Gbraid), Token("wbraid", input.Wbraid),
            Token("fbclid", input.Fbclid), Cookie("fbc", input.Fbc, FbcPattern()), Cookie("fbp", input.Fbp, FbpPattern()),
            Token("ctwaClid", input.CtwaClid), Token("ttclid", input.Ttclid), Token("msclkid", input.Msclkid),
            SourceId(input.SourceId), SourceUrl(input.SourceUrl), Headline(input.Headline));
        return (errors.Count > 0 || click == new AdClickInfo() ? null : click, errors);

        string? Token(string field, string? value)
        {
            var v = Blank(value);
            if (v is null) return null;
            if (v.Length > MaxClickIdLength) errors.Add(($"adClick.{field}", $"{field} must be at most {MaxClickIdLength} characters."));
            else if (!TokenPattern().IsMatch(v)) errors.Add(($"adClick.{field}", $"{field} may hold only letters, digits, '-' and '_'."));
            return v;
        }

        string? Cookie(string field, string? value, Regex pattern)
        {
            var v = Blank(value);
            if (v is null) return null;
            if (v.Length > MaxClickIdLength) errors.Add(($"adClick.{field}", $"{field} must be at most {MaxClickIdLength} characters."));
            else if (!pattern.IsMatch(v)) errors.Add(($"adClick.{field}", $"{field} must look like Meta's _{field} cookie: fb.1.<unix ms>.<value>."));
            return v;
        }

        string? SourceId(string? value)
        {
            var v = Blank(value);
            if (v is null) return null;
            if (v.Length > MaxSourceIdLength) errors.Add(("adClick.sourceId", $"sourceId must be at most {MaxSourceIdLength} characters."));
            else if (!SourceIdPattern().IsMatch(v)) errors.Add(("adClick.sourceId", "sourceId may hold only letters, digits, '-', '_', '.' and ':'."));
            return v;
        }

        string? SourceUrl(string? value)
        {
            var v = Blank(value);
            if (v is null) return null;
            if (v.Length > MaxSourceUrlLength) errors.Add(("adClick.sourceUrl", $"sourceUrl must be at most {MaxSourceUrlLength} characters."));
            else if (!Uri.TryCreate(v, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http"))
                errors.Add(("adClick.sourceUrl", "sourceUrl must be an absolute http or https URL."));
            return v;
        }

        string? Headline(string? value)
        {
            var v = ContactNormaliser.Tidy(value);
            if (v is { Length: > MaxHeadlineLength }) errors.Add(("adClick.headline", $"headline must be at most {MaxHeadlineLength} characters."));
            else if (v is not null && v.Any(char.IsControl)) errors.Add(("adClick.headline", "headline must not contain control characters."));
            return v;
        }
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    [GeneratedRegex("^[A-Za-z0-9_-]+$")]
    private static partial Regex TokenPattern();

    [GeneratedRegex(@"^fb\.[0-9]\.[0-9]{10,13}\.[A-Za-z0-9_-]+$")]
    private static partial Regex FbcPattern();

    [GeneratedRegex(@"^fb\.[0-9]\.[0-9]{10,13}\.[0-9]+$")]
    private static partial Regex FbpPattern();

    [GeneratedRegex("^[A-Za-z0-9_.:-]+$")]
    private static partial Regex SourceIdPattern();
}
