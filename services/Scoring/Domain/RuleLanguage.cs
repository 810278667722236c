using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Smarketing.Scoring.Domain;

/// <summary>
/// The fields a rule may test and how a <see cref="ModelDocument"/> becomes a <see cref="ScoringModel"/>.
/// Conditions compile to plain delegates; keywords are escaped, so a document can never run code or a regex of its own.
/// </summary>
public static class RuleLanguage
{
    public enum FieldKind { Text, Number }

    public sealed record Field(string Name, FieldKind Kind, Func<LeadProfile, DateTime, string?>? Text, Func<LeadProfile, DateTime, decimal?>? Number);

    public static readonly IReadOnlyList<string> Categories = ["fit", "intent", "engagement", "negative"];

    public static readonly IReadOnlyList<string> BuiltInFreeMailDomains =
    [
        "gmail.com", "yahoo.com", "yahoo.co.id", "ymail.com", "hotmail.com", "outlook.com", "live.com", "icloud.com", "aol.com", "proton.me",
    ];

    private static readonly Field[] FieldList =
    [
        TextField("source", l => l.Source),
        TextField("campaign", l => l.Campaign),
        TextField("contact.name", l => l.Contact.Name),
        TextField("contact.email", l => l.Contact.Email),
        TextField("contact.emailDomain", l => DomainOf(l.Contact.Email)),
        TextField("contact.phone", l => l.Contact.Phone),
        TextField("contact.company", l => l.Contact.Company),
        TextField("contact.jobTitle", l => l.Contact.JobTitle),
        TextField("contact.city", l => l.Contact.City),
        TextField("interest.product", l => l.Interest.Product),
        TextField("interest.message", l => l.Interest.Message),
        TextField("interest.currency", l => l.Interest.Currency),
        TextField("interest.timeline", l => l.Interest.Timeline),
        NumberField("interest.budget", (l, _) => l.Interest.Budget),
        NumberField("interest.messageLength", (l, _) => l.Interest.Message?.Length),
        NumberField("interest.locations", (l, _) => l.Interest.Locations is { Count: > 0 } list ? list.Count : null),
        NumberField("touches", (l, _) => l.Touches),
        NumberField("daysSinceLastTouch", (l, at) => at > l.LastTouchAt ? (decimal)Math.Floor((at - l.LastTouchAt).TotalDays) : 0),
    ];

    public static readonly IReadOnlyDictionary<string, Field> Fields =
        FieldList.ToDictionary(f => f.Name, StringComparer.OrdinalIgnoreCase);

    public static ScoringModel Compile(ModelDocument doc, string version)
    {
        var freeMail = new HashSet<string>(doc.FreeMailDomains ?? BuiltInFreeMailDomains, StringComparer.OrdinalIgnoreCase);
        var rules = (doc.Rules ?? []).Select(r => new ScoringRule(
            r.Id!, r.Category!, r.Points!.Value, r.Explanation!, CompileCondition(r.When!, freeMail))).ToList();
        var d = doc.Decay;
        return new ScoringModel(version, rules,
            doc.GradeCutoffs?.A ?? 70, doc.GradeCutoffs?.B ?? 50, doc.GradeCutoffs?.C ?? 30,
            doc.Qualification?.Mql ?? 40, doc.Qualification?.Sql ?? 70,
            d is null ? ScoreDecay.None : new ScoreDecay(d.PointsPerDay ?? 0, d.GraceDays ?? 0, d.MaxPoints ?? 0));
    }

    private static Func<LeadProfile, DateTime, bool> CompileCondition(Condition c, HashSet<string> freeMail)
    {
        if (c.All is { } all)
        {
            var parts = all.Select(p => CompileCondition(p, freeMail)).ToArray();
            return (l, at) => { foreach (var p in parts) if (!p(l, at)) return false; return true; };
        }
        if (c.Any is { } any)
        {
            var parts = any.Select(p => CompileCondition(p, freeMail)).ToArray();
            return (l, at) => { foreach (var p in parts) if (p(l, at)) return true; return false; };
        }
        if (c.Not is { } not)
        {
            var inner = CompileCondition(not, freeMail);
            return (l, at) => !inner(l, at);
        }

        var field = Fields[c.Field!];
        if (field.Kind == FieldKind.Number)
        {
            var get = field.Number!;
            if (c.Exists is { } e) return (l, at) => get(l, at).HasValue == e;
            if (c.EqualTo is { } eq) { var v = eq.GetDecimal(); return (l, at) => get(l, at) == v; }
            if (c.Gt is { } gt) return (l, at) => get(l, at) > gt;
            if (c.Gte is { } gte) return (l, at) => get(l, at) >= gte;
            if (c.Lt is { } lt) return (l, at) => get(l, at) < lt;
            if (c.Lte is { } lte) return (l, at) => get(l, at) <= lte;
            throw new InvalidOperationException($"No operator for {field.Name}: validate the document first.");
        }

        var text = field.Text!;
        if (c.Exists is { } exists) return (l, at) => !string.IsNullOrWhiteSpace(text(l, at)) == exists;
        if (c.EqualTo is { } equalTo)
        {
            var v = equalTo.GetString();
            return (l, at) => string.Equals(text(l, at), v, StringComparison.OrdinalIgnoreCase);
        }
        if (c.In is { } values)
        {
            var set = new HashSet<string>(values, StringComparer.OrdinalIgnoreCase);
            return (l, at) => text(l, at) is { } t && set.Contains(t);
        }
        if (c.ContainsAny is { } keywords)
        {
            var regex = KeywordRegex(keywords);
            return (l, at) => text(l, at) is { Length: > 0 } t && regex.IsMatch(t);
        }
        if (c.FreeMailDomain is { } free)
        {
            var domainOf = field.Name.Equals("contact.email", StringComparison.OrdinalIgnoreCase);
            return (l, at) => (domainOf ? DomainOf(text(l, at)) : text(l, at)) is { Length: > 0 } d && freeMail.Contains(d) == free;
        }
        throw new InvalidOperationException($"No operator for {field.Name}: validate the document first.");
    }

    /// <summary>Whole-word, case-insensitive keywords: '#' is a number, a space any run of white space; the rest is literal.</summary>
    public static Regex KeywordRegex(IEnumerable<string> keywords)
    {
        var alternatives = keywords.Where(k => k.Length > 0).Select(KeywordPattern);
        return new Regex("(?:" + string.Join('|', alternatives) + ")",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);
    }

    private static string KeywordPattern(string keyword)
    {
        var pattern = new StringBuilder();
        if (char.IsLetterOrDigit(keyword[0])) pattern.Append(@"\b");
        for (var i = 0; i < keyword.Length; i++)
        {
            var ch = keyword[i];
            if (ch == '#') pattern.Append(@"\d+");
            else if (char.IsWhiteSpace(ch))
            {
                pattern.Append(@"\s+");
                while (i + 1 < keyword.Length && char.IsWhiteSpace(keyword[i + 1])) i++;
            }
            else pattern.Append(Regex.Escape(ch.ToString()));
        }
        if (char.IsLetterOrDigit(keyword[^1])) pattern.Append(@"\b");
        return pattern.ToString();
    }

    private static string? DomainOf(string? email) => email is null ? null : email[(email.IndexOf('@') + 1)..];

    private static Field TextField(string name, Func<LeadProfile, string?> get) => new(name, FieldKind.Text, (l, _) => get(l), null);

    private static Field NumberField(string name, Func<LeadProfile, DateTime, decimal?> get) => new(name, FieldKind.Number, null, get);

    internal static bool IsNumber(JsonElement e) => e.ValueKind == JsonValueKind.Number;
}
