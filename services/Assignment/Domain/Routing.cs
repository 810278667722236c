namespace Smarketing.Assignment.Domain;

/// <summary>What routing looks at on a lead.</summary>
public sealed record LeadTraits(string Grade, string Source, string? City = null, string? Product = null, string? Campaign = null, string? Language = null);

/// <summary>
/// Every list given must hold the lead's value (case-insensitive; a city or product also matches by part,
/// so "Jakarta" covers "Jakarta Selatan"); a list left empty matches anything.
/// </summary>
public sealed record RoutingCriteria(
    IReadOnlyList<string>? Cities = null,
    IReadOnlyList<string>? Products = null,
    IReadOnlyList<string>? Grades = null,
    IReadOnlyList<string>? Sources = null,
    IReadOnlyList<string>? Campaigns = null,
    IReadOnlyList<string>? Languages = null);

public sealed record RoutingRule(string Name, RoutingCriteria Match, IReadOnlyList<Guid> Pool);

/// <summary>Ordered rules, then the fallback pool; with no fallback pool, every active rep is the fallback.</summary>
public sealed record RoutingTable(IReadOnlyList<RoutingRule> Rules, IReadOnlyList<Guid> FallbackPool)
{
    public static RoutingTable Empty { get; } = new([], []);
}

/// <summary>A pool to try, named so its round-robin cursor is its own.</summary>
public sealed record CandidatePool(string Name, IReadOnlyList<Guid>? RepIds);

public static class Router
{
    public const string FallbackPool = "fallback";

    /// <summary>
    /// The pools to try, in order: each matching rule's pool, then the fallback. The caller takes the first
    /// pool in which someone has room, so a full pool falls through instead of dropping the lead.
    /// A null RepIds means every active rep.
    /// </summary>
    public static IReadOnlyList<CandidatePool> PoolsFor(LeadTraits lead, RoutingTable table)
    {
        var pools = table.Rules.Where(r => Matches(r.Match, lead)).Select(r => new CandidatePool(r.Name, r.Pool)).ToList();
        pools.Add(new CandidatePool(FallbackPool, table.FallbackPool.Count > 0 ? table.FallbackPool : null));
        return pools;
    }

    public static bool Matches(RoutingCriteria c, LeadTraits lead) =>
        Allows(c.Cities, lead.City, partial: true) && Allows(c.Products, lead.Product, partial: true) &&
        Allows(c.Grades, lead.Grade) && Allows(c.Sources, lead.Source) && Allows(c.Campaigns, lead.Campaign) &&
        Allows(c.Languages, lead.Language);

    private static bool Allows(IReadOnlyList<string>? allowed, string? value, bool partial = false) =>
        allowed is not { Count: > 0 } ||
        (value is not null && allowed.Any(a => partial
            ? value.Contains(a, StringComparison.OrdinalIgnoreCase)
            : value.Equals(a, StringComparison.OrdinalIgnoreCase)));
}

/// <summary>When a rep works, in their own time zone: hours on their working days, minus the days they took off.</summary>
public sealed record RepSchedule(TimeOnly Start, TimeOnly End, string TimeZone, IReadOnlyCollection<DayOfWeek> Workdays, IReadOnlyCollection<DateOnly> DaysOff)
{
    private TimeZoneInfo Zone => TimeZoneInfo.TryFindSystemTimeZoneById(TimeZone, out var zone) ? zone : TimeZoneInfo.Utc;

    private DateTime Local(DateTime utc) => TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), Zone);

    /// <summary>A day off (leave) in the rep's own calendar: they get no new leads that whole day.</summary>
    public bool IsDayOff(DateTime utc) => DaysOff.Contains(DateOnly.FromDateTime(Local(utc)));

    /// <summary>On a working day, between start and end, in the rep's time zone.</summary>
    public bool IsOnShift(DateTime utc)
    {
        var local = Local(utc);
        var time = TimeOnly.FromDateTime(local);
        return Workdays.Contains(local.DayOfWeek) && !IsDayOff(utc) && time >= Start && time < End;
    }
}

public static class Availability
{
    /// <summary>
    /// Who in a pool may get a lead now: never a rep who is away or on a day off; among the rest, reps on shift
    /// come first, and only when nobody in the pool is on shift (nights, weekends) do the others take it, so a
    /// lead still gets a named owner at once and its first touch is planned for the next opening.
    /// </summary>
    public static IReadOnlyList<T> Eligible<T>(IEnumerable<T> members, Func<T, RepSchedule> schedule, Func<T, bool> hasRoom, DateTime nowUtc)
    {
        var available = members.Where(m => !schedule(m).IsDayOff(nowUtc)).ToList();
        var onShift = available.Where(m => schedule(m).IsOnShift(nowUtc) && hasRoom(m)).ToList();
        return onShift.Count > 0 ? onShift : available;
    }
}
