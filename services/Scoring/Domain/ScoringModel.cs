using Smarketing.Contracts;

namespace Smarketing.Scoring.Domain;

/// <summary>One rule of the model: when it holds for a lead (at a moment) it adds, or if negative takes, points with a reason a rep can read.</summary>
public sealed record ScoringRule(string Id, string Category, int Points, string Explanation, Func<LeadProfile, DateTime, bool> When)
{
    public ScoringRule(string id, string category, int points, string explanation, Func<LeadProfile, bool> applies)
        : this(id, category, points, explanation, (lead, _) => applies(lead)) { }

    public bool Applies(LeadProfile lead, DateTime at) => When(lead, at);
}

/// <summary>Points lost per day without a touch, after a grace period, never more than the cap.</summary>
public sealed record ScoreDecay(decimal PointsPerDay, int GraceDays, int MaxPoints)
{
    public static readonly ScoreDecay None = new(0, 0, 0);

    public int PointsLost(double daysSinceLastTouch)
    {
        var days = Math.Floor(daysSinceLastTouch) - GraceDays;
        if (days <= 0 || PointsPerDay <= 0) return 0;
        return (int)Math.Min(MaxPoints, Math.Floor((decimal)days * PointsPerDay));
    }
}

public sealed record ScoreResult(int Value, string Grade, string Qualification, IReadOnlyList<ScoreReason> Reasons, string ModelVersion);

/// <summary>
/// A model ready to score: grade cut-offs are the lowest score of each grade, qualification thresholds the lowest
/// score of mql and sql. Built from a <see cref="ModelDocument"/> by <see cref="RuleLanguage"/>.
/// </summary>
public sealed record ScoringModel(
    string Version,
    IReadOnlyList<ScoringRule> Rules,
    int GradeA = 70,
    int GradeB = 50,
    int GradeC = 30,
    int MqlThreshold = 40,
    int SqlThreshold = 70,
    ScoreDecay? Decay = null)
{
    public const string DecayRule = "decay.no-recent-touch";

    /// <summary>Scores the lead as of <paramref name="at"/> (default: its last touch, so no decay).</summary>
    public ScoreResult Score(LeadProfile lead, DateTime? at = null)
    {
        var now = at ?? lead.LastTouchAt;
        var reasons = new List<ScoreReason>(8);
        var total = 0;
        foreach (var rule in Rules)
        {
            if (!rule.Applies(lead, now)) continue;
            reasons.Add(new ScoreReason(rule.Id, rule.Points, rule.Explanation));
            total += rule.Points;
        }
        var days = (now - lead.LastTouchAt).TotalDays;
        var lost = (Decay ?? ScoreDecay.None).PointsLost(days);
        if (lost > 0)
        {
            reasons.Add(new ScoreReason(DecayRule, -lost, $"No touch for {(int)days} days: the lead is going cold."));
            total -= lost;
        }
        var value = Math.Clamp(total, 0, 100);
        return new ScoreResult(value, GradeOf(value), QualificationOf(value), reasons, Version);
    }

    /// <summary>Which rules hold for the lead (ignores decay): the features of backtests, flags and the learner.</summary>
    public IReadOnlyList<string> FiredRules(LeadProfile lead, DateTime? at = null)
    {
        var now = at ?? lead.LastTouchAt;
        return Rules.Where(r => r.Applies(lead, now)).Select(r => r.Id).ToList();
    }

    public string GradeOf(int value) => value >= GradeA ? "A" : value >= GradeB ? "B" : value >= GradeC ? "C" : "D";

    public string QualificationOf(int value) => value >= SqlThreshold ? "sql" : value >= MqlThreshold ? "mql" : "nurture";
}
