using Smarketing.Contracts;

namespace Smarketing.Scoring.Domain;

/// <summary>One rule of the model: when it holds for a lead it adds (or, if negative, takes) points, with a reason a rep can read.</summary>
public sealed record ScoringRule(string Id, string Category, int Points, string Explanation, Func<LeadProfile, bool> Applies);

public sealed record ScoreResult(int Value, string Grade, string Qualification, IReadOnlyList<ScoreReason> Reasons, string ModelVersion);

/// <summary>Grade cut-offs are the lowest score of each grade; qualification thresholds the lowest score of mql and sql.</summary>
public sealed record ScoringModel(
    string Version,
    IReadOnlyList<ScoringRule> Rules,
    int GradeA = 70,
    int GradeB = 50,
    int GradeC = 30,
    int MqlThreshold = 40,
    int SqlThreshold = 70)
{
    public ScoreResult Score(LeadProfile lead)
    {
        var fired = Rules.Where(r => r.Applies(lead)).ToList();
        var value = Math.Clamp(fired.Sum(r => r.Points), 0, 100);
        var reasons = fired.Select(r => new ScoreReason(r.Id, r.Points, r.Explanation)).ToList();
        return new ScoreResult(value, GradeOf(value), QualificationOf(value), reasons, Version);
    }

    public string GradeOf(int value) => value >= GradeA ? "A" : value >= GradeB ? "B" : value >= GradeC ? "C" : "D";

    public string QualificationOf(int value) => value >= SqlThreshold ? "sql" : value >= MqlThreshold ? "mql" : "nurture";
}
