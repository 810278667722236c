using System.Text;
using System.Text.Json.Nodes;

namespace Smarketing.EndToEnd.Tests;

/// <summary>
/// Lead bodies from a fixed seed, each broken in at least one way the capture contract refuses (so none may be
/// stored), while also exercising the odd-but-harmless: nulls, odd phones, unknown fields, multi-byte text.
/// </summary>
internal sealed class MalformedLeads(int seed, string marker)
{
    public sealed record Case(string Description, byte[] Body, string? ContentType);

    private const string Json = "application/json";
    private const string Placeholder = "Zq9PLACEHOLDER9qZ";
    private readonly Random _random = new(seed);
    private int _n;

    public IEnumerable<Case> Generate(int count)
    {
        Func<Case>[] kinds =
        [
            NotAnObject, WrongType, HugeText, DeepNesting, InvalidUtf8, RequiredNull,
            OddPhone, UnknownSource, BadEmail, InvalidValue, Truncated, NotJsonContentType,
        ];
        for (_n = 0; _n < count; _n++) yield return kinds[_n % kinds.Length]();
    }

    private string EventId => $"{marker}{_n}";

    /// <summary>A valid hot lead; every case breaks it (or replaces it) before sending.</summary>
    private JsonObject Valid() => new()
    {
        ["eventId"] = EventId,
        ["source"] = "website-form",
        ["campaign"] = "fuzz",
        ["occurredAt"] = "2026-11-20T08:15:00+07:00",
        ["contact"] = new JsonObject { ["name"] = "Budi Santoso", ["email"] = $"{EventId}@tokoabc.co.id", ["phone"] = "0812-3456-7890" },
        ["interest"] = new JsonObject
        {
            ["product"] = "billboard",
            ["message"] = "Butuh billboard",
            ["budget"] = 50_000_000,
            ["currency"] = "IDR",
            ["timeline"] = "this-month",
            ["locations"] = new JsonArray("Jl. Sudirman"),
        },
        ["utm"] = new JsonObject { ["source"] = "google" },
        ["consent"] = true,
        ["attributes"] = new JsonObject { ["formId"] = "quote-v2" },
        ["adClick"] = new JsonObject { ["gclid"] = "Cj0KCQiA-fuzz_gclid", ["headline"] = "Billboard Sudirman" },
    };

    private Case NotAnObject()
    {
        string[] texts =
        [
            "[]", "null", "42", "-0.5e3", "\"lead\"", "true", "", " ", "{", "}", "{}{}", "[{}]", "{'eventId':'x'}",
            "{eventId: \"x\"}", "{\"eventId\": \"x\",}", "NaN", "{\"eventId\":\"x\" \"source\":\"y\"}", "\0", "{\"a\":1}garbage",
        ];
        return _random.Next(2) == 0
            ? Text("not an object", texts[_random.Next(texts.Length)])
            : Text("an array of leads", new JsonArray(Valid()).ToJsonString());
    }

    private Case WrongType()
    {
        (string Path, JsonNode? Value)[] wrong =
        [
            ("eventId", 12345), ("eventId", true), ("eventId", new JsonArray("a")), ("eventId", new JsonObject()), ("source", 1),
            ("campaign", new JsonArray()), ("occurredAt", 1_700_000_000), ("occurredAt", "next tuesday"), ("occurredAt", "2026-13-45T00:00:00Z"),
            ("contact", "budi@tokoabc.co.id"), ("contact", new JsonArray()), ("contact", 0), ("contact.email", 42),
            ("contact.phone", 81234567890), ("contact.name", false), ("interest", "billboard"), ("interest.budget", "lots"),
            ("interest.budget", true), ("interest.budget", new JsonObject()), ("interest.locations", "Jl. Sudirman"),
            ("interest.locations", new JsonArray(1, 2)), ("interest.timeline", 3), ("utm", "google"), ("utm.source", 7),
            ("consent", "yes"), ("consent", 1), ("attributes", new JsonArray("x")), ("attributes.formId", 2), ("attributes.formId", new JsonObject()),
            ("consent", new JsonObject { ["newsletter"] = true }), ("consent", new JsonObject { ["adsPersonalisation"] = "no" }),
            ("adClick", "Cj0KCQiA"), ("adClick", new JsonArray()), ("adClick.gclid", 42), ("adClick.gclid", "has spaces in it"),
            ("adClick.fbc", "not-a-cookie"), ("adClick.sourceUrl", "javascript:alert(1)"),
        ];
        var (path, value) = wrong[_random.Next(wrong.Length)];
        return Lead($"{path} = {value?.ToJsonString()}", lead => Set(lead, path, value?.DeepClone()));
    }

    private Case HugeText()
    {
        (string Path, int Min, int Max)[] fields =
        [
            ("eventId", 129, 20_000), ("campaign", 201, 20_000), ("contact.name", 201, 20_000), ("contact.company", 201, 5_000),
            ("contact.city", 201, 5_000), ("contact.jobTitle", 201, 5_000), ("interest.message", 4_001, 60_000),
            ("contact.email", 300, 5_000), ("contact.phone", 50, 5_000), ("interest.message", 70_000, 200_000),
            ("adClick.headline", 201, 5_000),
        ];
        var (path, min, max) = fields[_random.Next(fields.Length)];
        var length = _random.Next(min, max);
        var text = path switch
        {
            "contact.email" => RandomText(length) + "@tokoabc.co.id",
            "contact.phone" => string.Concat(Enumerable.Range(0, length).Select(_ => (char)('0' + _random.Next(10)))),
            _ => RandomText(length),
        };
        return Lead($"{path} of {length} characters", lead => Set(lead, path, text));
    }

    private Case DeepNesting()
    {
        var depth = _random.Next(65, 10_000);
        var arrays = _random.Next(2) == 0;
        var nested = arrays ? new string('[', depth) + new string(']', depth) : string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth);
        var place = new[] { "extra", "attributes", "interest" }[_random.Next(3)];
        var lead = Valid();
        lead.Remove(place);
        var json = lead.ToJsonString();
        return Text($"{(arrays ? "arrays" : "objects")} nested {depth} deep in {place}", $"{json[..^1]},\"{place}\":{nested}}}");
    }

    private Case InvalidUtf8()
    {
        byte[][] sequences = [[0xFF], [0xC0, 0x80], [0xC3, 0x28], [0xED, 0xA0, 0x80], [0xF8, 0x88, 0x80, 0x80, 0x80], [0xE2, 0x82], [0x80], [0xFE, 0xFF]];
        string[] paths = ["eventId", "source", "campaign", "contact.name", "contact.email", "interest.message", "utm.source", "attributes.formId"];
        var path = paths[_random.Next(paths.Length)];
        var bad = sequences[_random.Next(sequences.Length)];
        var lead = Valid();
        Set(lead, path, "Budi" + Placeholder);
        var json = lead.ToJsonString();
        var at = json.IndexOf(Placeholder, StringComparison.Ordinal);
        byte[] body = [.. Encoding.UTF8.GetBytes(json[..at]), .. bad, .. Encoding.UTF8.GetBytes(json[(at + Placeholder.Length)..])];
        return new Case($"bytes {Convert.ToHexString(bad)} in {path}", body, Json);
    }

    private Case RequiredNull()
    {
        string[] required = ["eventId", "source", "contact", "contact.both"];
        string[] optional = ["campaign", "occurredAt", "interest", "utm", "attributes", "consent", "contact.name", "attributes.formId"];
        var missing = required[_random.Next(required.Length)];
        var extra = optional.Where(_ => _random.Next(3) == 0).ToList();
        return Lead($"{missing} null, also {string.Join(",", extra)}", lead =>
        {
            foreach (var path in extra) Set(lead, path, null);
            if (missing == "contact.both") (lead["contact"]!["email"], lead["contact"]!["phone"]) = (null, null);
            else Set(lead, missing, null);
        });
    }

    /// <summary>Odd phones and no email; a second defect makes sure the lead is refused even if a phone happens to parse.</summary>
    private Case OddPhone()
    {
        string[] phones =
        [
            "", " ", "+", "++62812345678", "0812", "12", "+62", "0812-3456-7890 ext. 5", "٠٨١٢٣٤٥٦٧٨٩٠", "０８１２３４５６７８９０",
            "+62 (0) 812 3456 7890", "tel:+62-812-3456-7890", "0812\u00003456", "☎ 0812 3456 7890", "-0812-3456-7890", "0812/3456/7890",
            "1e10", "null", "NaN", "+999 1234567", new string('0', 40), "0812‐3456‐7890", "08١٢-3456-7890",
        ];
        var phone = _random.Next(3) == 0 ? RandomPhone() : phones[_random.Next(phones.Length)];
        var defect = _random.Next(3);
        return Lead($"phone '{phone}' and defect {defect}", lead =>
        {
            lead["contact"]!.AsObject().Remove("email");
            lead["contact"]!["phone"] = phone;
            if (defect == 0) lead["source"] = "sms";
            else if (defect == 1) lead.Remove("eventId");
            else lead["occurredAt"] = "2100-01-01T00:00:00Z";
        });
    }

    private Case UnknownSource()
    {
        string[] sources =
        [
            "facebook", "Website-Form", "WEBSITE-FORM", " website-form", "website-form ", "website_form", "websiteform", "wеbsite-form",
            "whatsapp\n", "referral\0", "", "import;DROP TABLE leads", "'; SELECT 1; --", new string('s', 1000), "ads-lead-form\u200B",
        ];
        var source = _random.Next(4) == 0 ? "x-" + RandomText(_random.Next(1, 40)) : sources[_random.Next(sources.Length)];
        return Lead($"source '{source[..Math.Min(40, source.Length)]}'", lead => lead["source"] = source);
    }

    private Case BadEmail()
    {
        string[] emails =
        [
            "not-an-email", "budi@localhost", "budi@@tokoabc.co.id", "budi santoso@tokoabc.co.id", "Budi <budi@tokoabc.co.id>",
            "budi@tokoabc.co.id, sari@tokoabc.co.id", "@tokoabc.co.id", "budi@", "budi", "budi@tokoabc.co.id\0", "budi@toko abc.co.id",
            new string('b', 250) + "@tokoabc.co.id",
        ];
        var email = emails[_random.Next(emails.Length)];
        return Lead($"email '{email[..Math.Min(40, email.Length)]}' without a phone", lead =>
        {
            lead["contact"]!.AsObject().Remove("phone");
            lead["contact"]!["email"] = email;
        });
    }

    private Case InvalidValue()
    {
        (string Path, JsonNode? Value)[] invalid =
        [
            ("interest.timeline", "someday"), ("interest.timeline", "This-Month"), ("interest.timeline", ""), ("interest.budget", -1),
            ("interest.budget", -0.01), ("interest.currency", "rp"), ("interest.currency", "RUPIAH"), ("interest.currency", "€€€"),
            ("occurredAt", "2100-01-01T00:00:00Z"), ("eventId", "   "), ("eventId", ""), ("contact.company", "Toko\0ABC"),
            ("interest.locations", new JsonArray([.. Enumerable.Range(0, 51).Select(i => (JsonNode)$"Jl. {i}")])),
        ];
        var (path, value) = invalid[_random.Next(invalid.Length)];
        var shown = value?.ToJsonString() ?? "null";
        return Lead($"{path} = {shown[..Math.Min(40, shown.Length)]}", lead => Set(lead, path, value?.DeepClone()));
    }

    private Case Truncated()
    {
        var json = Valid().ToJsonString();
        var length = _random.Next(0, json.Length - 1);
        return Text($"cut after {length} of {json.Length} characters", json[..length]);
    }

    /// <summary>A valid lead, sent as something other than JSON: refused whole (415, or 400 for UTF-16 read as UTF-8).</summary>
    private Case NotJsonContentType()
    {
        string?[] types = [null, "text/plain", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/json; charset=utf-16"];
        var type = types[_random.Next(types.Length)];
        var json = Valid().ToJsonString();
        var body = type?.EndsWith("utf-16", StringComparison.Ordinal) == true ? Encoding.Unicode.GetBytes(json) : Encoding.UTF8.GetBytes(json);
        return new Case($"a valid lead as {type ?? "(no content type)"}", body, type);
    }

    private Case Lead(string description, Action<JsonObject> breakIt)
    {
        var lead = Valid();
        breakIt(lead);
        return Text(description, lead.ToJsonString());
    }

    private Case Text(string description, string body) => new($"#{_n} {description}", Encoding.UTF8.GetBytes(body), Json);

    private static void Set(JsonObject root, string path, JsonNode? value)
    {
        var parts = path.Split('.');
        var target = root;
        foreach (var part in parts[..^1])
        {
            // A parent already set to null (another defect of the same case) leaves nothing to set.
            if (target[part] is not JsonObject next) return;
            target = next;
        }
        target[parts[^1]] = value;
    }

    private string RandomText(int length)
    {
        const string pool = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789éñß中文ąž";
        var text = new StringBuilder(length);
        while (text.Length < length) text.Append(pool[_random.Next(pool.Length)]);
        return text.ToString();
    }

    private string RandomPhone()
    {
        const string pool = "0123456789 -+().";
        return string.Concat(Enumerable.Range(0, _random.Next(1, 40)).Select(_ => pool[_random.Next(pool.Length)]));
    }
}
