namespace Smarketing.Contracts;

/// <summary>Who the lead is. On events the fields are normalised (email lower-case, phone E.164).</summary>
public sealed record ContactInfo(
    string? Name = null,
    string? Email = null,
    string? Phone = null,
    string? Company = null,
    string? JobTitle = null,
    string? City = null);

/// <summary>What the lead asked for.</summary>
public sealed record InterestInfo(
    string? Product = null,
    string? Message = null,
    decimal? Budget = null,
    string? Currency = null,
    string? Timeline = null,
    IReadOnlyList<string>? Locations = null);

public sealed record UtmInfo(string? Source = null, string? Medium = null, string? Campaign = null);

public sealed record ScoreReason(string Rule, int Points, string Explanation);
