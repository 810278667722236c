using System.Text.Json;
using System.Text.RegularExpressions;

namespace Smarketing.Scoring.Domain;

/// <summary>Checks a model document before it is saved; every problem is reported against the field that has it.</summary>
public static partial class ModelValidator
{
    public const int MaxRules = 200;
    public const int MaxDepth = 8;
    public const int MaxKeywords = 300;

    public static Dictionary<string, string[]> Validate(ModelDocument doc)
    {
        var errors = new Dictionary<string, List<string>>();
        void Add(string key, string message)
        {
            if (!errors.TryGetValue(key, out var list)) errors[key] = list = [];
            list.Add(message);
        }

        if (doc.Name is { Length: > 100 }) Add("name", "At most 100 characters.");
        if (doc.Description is { Length: > 2000 }) Add("description", "At most 2000 characters.");

        if (doc.Rules is not { Count: > 0 }) Add("rules", "At least one rule is required.");
        else if (doc.Rules.Count > MaxRules) Add("rules", $"At most {MaxRules} rules.");
        else
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < doc.Rules.Count; i++)
            {
                var r = doc.Rules[i];
                var at = $"rules[{i}]";
                if (r is null) { Add(at, "A rule is required."); continue; }
                if (string.IsNullOrWhiteSpace(r.Id)) Add($"{at}.id", "An id is required.");
                else if (!RuleId().IsMatch(r.Id)) Add($"{at}.id", "Use 1–64 lower-case letters, digits, '.', '-' or '_', starting with a letter or digit.");
                else if (!seen.Add(r.Id)) Add($"{at}.id", $"The id '{r.Id}' is used by an earlier rule.");
                if (r.Category is null || !RuleLanguage.Categories.Contains(r.Category))
                    Add($"{at}.category", $"One of {string.Join(", ", RuleLanguage.Categories)}.");
                if (r.Points is null) Add($"{at}.points", "Points are required.");
                else if (r.Points is 0 or < -100 or > 100) Add($"{at}.points", "Between -100 and 100, not 0.");
                else if (r.Category == "negative" && r.Points > 0) Add($"{at}.points", "A negative rule takes points: use a number below 0.");
                if (string.IsNullOrWhiteSpace(r.Explanation)) Add($"{at}.explanation", "Say in plain words why the rule gives or takes points.");
                else if (r.Explanation.Length > 300) Add($"{at}.explanation", "At most 300 characters.");
                if (r.When is null) Add($"{at}.when", "A condition is required.");
                else ValidateCondition(r.When, $"{at}.when", 1, doc.FreeMailDomains, Add);
            }
        }

        var g = doc.GradeCutoffs;
        if (g is not null)
        {
            if (g.A is null || g.B is null || g.C is null) Add("gradeCutoffs", "Give A, B and C (the lowest score of each grade).");
            else if (!(0 <= g.C && g.C < g.B && g.B < g.A && g.A <= 100)) Add("gradeCutoffs", "Need 0 ≤ C < B < A ≤ 100.");
        }
        var q = doc.Qualification;
        if (q is not null)
        {
            if (q.Mql is null || q.Sql is null) Add("qualification", "Give mql and sql (the lowest score of each).");
            else if (!(0 <= q.Mql && q.Mql < q.Sql && q.Sql <= 100)) Add("qualification", "Need 0 ≤ mql < sql ≤ 100.");
        }
        if (doc.Decay is { } d)
        {
            if (d.PointsPerDay is < 0 or > 100) Add("decay.pointsPerDay", "Between 0 and 100.");
            if (d.GraceDays is < 0 or > 365) Add("decay.graceDays", "Between 0 and 365.");
            if (d.MaxPoints is < 0 or > 100) Add("decay.maxPoints", "Between 0 and 100.");
        }
        if (doc.FreeMailDomains is { } domains)
        {
            if (domains.Count > 500) Add("freeMailDomains", "At most 500 domains.");
            for (var i = 0; i < domains.Count; i++)
                if (string.IsNullOrWhiteSpace(domains[i]) || domains[i].Contains('@') || domains[i].Length > 100)
                    Add($"freeMailDomains[{i}]", "A domain such as gmail.com.");
        }
        return errors.ToDictionary(e => e.Key, e => e.Value.ToArray());
    }

    private static void ValidateCondition(Condition c, string at, int depth, IReadOnlyList<string>? freeMail, Action<string, string> add)
    {
        if (depth > MaxDepth) { add(at, $"Conditions nest at most {MaxDepth} deep."); return; }
        var combinators = (c.All is not null ? 1 : 0) + (c.Any is not null ? 1 : 0) + (c.Not is not null ? 1 : 0);
        var operators = Operators(c);
        if (combinators + (c.Field is not null ? 1 : 0) != 1)
        {
            add(at, "Use exactly one of: field (with one operator), all, any, not.");
            return;
        }
        if (combinators == 1 && operators.Count > 0)
        {
            add(at, $"all, any and not combine conditions; put {string.Join(", ", operators)} in a condition with a field.");
            return;
        }
        if (c.All is { } all) ValidateList(all, $"{at}.all", depth, freeMail, add);
        else if (c.Any is { } any) ValidateList(any, $"{at}.any", depth, freeMail, add);
        else if (c.Not is { } not) ValidateCondition(not, $"{at}.not", depth + 1, freeMail, add);
        else ValidateTest(c, at, operators, add);
    }

    private static void ValidateList(IReadOnlyList<Condition> list, string at, int depth, IReadOnlyList<string>? freeMail, Action<string, string> add)
    {
        if (list.Count == 0) add(at, "Give at least one condition.");
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] is null) add($"{at}[{i}]", "A condition is required.");
            else ValidateCondition(list[i], $"{at}[{i}]", depth + 1, freeMail, add);
        }
    }

    private static void ValidateTest(Condition c, string at, IReadOnlyList<string> operators, Action<string, string> add)
    {
        if (!RuleLanguage.Fields.TryGetValue(c.Field!, out var field))
        {
            add($"{at}.field", $"Unknown field '{c.Field}'. Known: {string.Join(", ", RuleLanguage.Fields.Keys)}.");
            return;
        }
        if (operators.Count != 1)
        {
            add(at, $"Give exactly one operator for '{field.Name}' (found {(operators.Count == 0 ? "none" : string.Join(", ", operators))}).");
            return;
        }
        var op = operators[0];
        var numeric = field.Kind == RuleLanguage.FieldKind.Number;
        switch (op)
        {
            case "exists":
                break;
            case "equals":
                var kind = c.EqualTo!.Value.ValueKind;
                if (numeric && kind != JsonValueKind.Number) add($"{at}.equals", $"'{field.Name}' is a number: compare it with a number.");
                if (!numeric && kind != JsonValueKind.String) add($"{at}.equals", $"'{field.Name}' is text: compare it with a string.");
                break;
            case "gt" or "gte" or "lt" or "lte":
                if (!numeric) add($"{at}.{op}", $"'{field.Name}' is text: {op} works on numbers (use equals, in, containsAny or exists).");
                break;
            case "in":
                if (numeric) add($"{at}.in", $"'{field.Name}' is a number: use equals, gt, gte, lt or lte.");
                else if (c.In!.Count == 0 || c.In.Any(string.IsNullOrEmpty)) add($"{at}.in", "Give one or more non-empty values.");
                break;
            case "containsAny":
                if (numeric) add($"{at}.containsAny", $"'{field.Name}' is a number: use equals, gt, gte, lt or lte.");
                else if (c.ContainsAny!.Count is 0 or > MaxKeywords) add($"{at}.containsAny", $"Give 1–{MaxKeywords} keywords.");
                else if (c.ContainsAny.Any(k => string.IsNullOrWhiteSpace(k) || k.Length > 100))
                    add($"{at}.containsAny", "Keywords are 1–100 characters and not blank.");
                break;
            case "freeMailDomain":
                if (!field.Name.Equals("contact.email", StringComparison.OrdinalIgnoreCase) && !field.Name.Equals("contact.emailDomain", StringComparison.OrdinalIgnoreCase))
                    add($"{at}.freeMailDomain", "Works on contact.email or contact.emailDomain only.");
                break;
        }
    }

    private static List<string> Operators(Condition c)
    {
        var ops = new List<string>(1);
        if (c.Exists is not null) ops.Add("exists");
        if (c.EqualTo is not null) ops.Add("equals");
        if (c.In is not null) ops.Add("in");
        if (c.ContainsAny is not null) ops.Add("containsAny");
        if (c.FreeMailDomain is not null) ops.Add("freeMailDomain");
        if (c.Gt is not null) ops.Add("gt");
        if (c.Gte is not null) ops.Add("gte");
        if (c.Lt is not null) ops.Add("lt");
        if (c.Lte is not null) ops.Add("lte");
        return ops;
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{0,63}$")]
    private static partial Regex RuleId();
}
