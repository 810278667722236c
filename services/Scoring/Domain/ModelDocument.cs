using System.Text.Json;
using System.Text.Json.Serialization;

namespace Smarketing.Scoring.Domain;

/// <summary>
/// A scoring model as marketing and sales read and edit it: plain JSON, rules over lead fields, no code.
/// The version is given by the service when the document is saved.
/// </summary>
public sealed record ModelDocument
{
    public string? Name { get; init; }
    public string? Description { get; init; }
    public IReadOnlyList<RuleDocument>? Rules { get; init; }
    public GradeCutoffs? GradeCutoffs { get; init; }
    public QualificationThresholds? Qualification { get; init; }
    public DecayDocument? Decay { get; init; }
    /// <summary>Domains counted as free mail by the freeMailDomain operator; the built-in list when absent.</summary>
    public IReadOnlyList<string>? FreeMailDomains { get; init; }
}

public sealed record RuleDocument
{
    public string? Id { get; init; }
    public string? Category { get; init; }
    public int? Points { get; init; }
    public string? Explanation { get; init; }
    public Condition? When { get; init; }
}

/// <summary>The lowest score of grades A, B and C; below C is D.</summary>
public sealed record GradeCutoffs
{
    [JsonPropertyName("A")] public int? A { get; init; }
    [JsonPropertyName("B")] public int? B { get; init; }
    [JsonPropertyName("C")] public int? C { get; init; }
}

/// <summary>The lowest score of a marketing-qualified and of a sales-qualified lead.</summary>
public sealed record QualificationThresholds
{
    public int? Mql { get; init; }
    public int? Sql { get; init; }
}

public sealed record DecayDocument
{
    public decimal? PointsPerDay { get; init; }
    public int? GraceDays { get; init; }
    public int? MaxPoints { get; init; }
}

/// <summary>
/// Either a test of one field with exactly one operator, or a combination (all, any, not) of conditions.
/// Text comparisons ignore case; containsAny matches whole words, where '#' stands for a number.
/// </summary>
public sealed record Condition
{
    public string? Field { get; init; }
    [JsonPropertyName("equals")] public JsonElement? EqualTo { get; init; }
    public IReadOnlyList<string>? In { get; init; }
    public IReadOnlyList<string>? ContainsAny { get; init; }
    public bool? Exists { get; init; }
    public bool? FreeMailDomain { get; init; }
    public decimal? Gt { get; init; }
    public decimal? Gte { get; init; }
    public decimal? Lt { get; init; }
    public decimal? Lte { get; init; }
    public IReadOnlyList<Condition>? All { get; init; }
    public IReadOnlyList<Condition>? Any { get; init; }
    public Condition? Not { get; init; }

    public static Condition Is(string field, string value) => new() { Field = field, EqualTo = JsonSerializer.SerializeToElement(value) };
    public static Condition OneOf(string field, params string[] values) => new() { Field = field, In = values };
    public static Condition Has(string field, params string[] keywords) => new() { Field = field, ContainsAny = keywords };
    public static Condition Present(string field) => new() { Field = field, Exists = true };
    public static Condition FreeMail(string field, bool free) => new() { Field = field, FreeMailDomain = free };
    public static Condition AtLeast(string field, decimal value) => new() { Field = field, Gte = value };
    public static Condition Above(string field, decimal value) => new() { Field = field, Gt = value };
    public static Condition Below(string field, decimal value) => new() { Field = field, Lt = value };
    public static Condition AllOf(params Condition[] conditions) => new() { All = conditions };
    public static Condition AnyOf(params Condition[] conditions) => new() { Any = conditions };
    public static Condition Negate(Condition condition) => new() { Not = condition };
}
