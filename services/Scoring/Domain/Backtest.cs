namespace Smarketing.Scoring.Domain;

/// <summary>A lead with a known result: won, or not (lost, disqualified, or flagged as a bad fit by sales).</summary>
public sealed record LabelledLead(Guid LeadId, LeadProfile Profile, bool Won)
{
    /// <summary>
    /// Whether a lead counts as evidence, and which way: a recorded outcome decides; a bad-fit flag on a lead without one
    /// counts as not won; an open, unflagged lead is no evidence yet (null).
    /// </summary>
    public static bool? Label(string? outcome, bool flagged) => outcome switch
    {
        "won" => true,
        not null => false,
        null => flagged ? false : null,
    };
}

public sealed record GradeStats(string Grade, int Count, int Won, double? WinRate);

public sealed record BacktestResult(string Version, int Leads, int Won, double? WinRate, IReadOnlyList<GradeStats> Grades, double? Auc, double? LiftA);

/// <summary>How a model would have ranked leads whose outcome is known.</summary>
public static class Backtest
{
    private static readonly string[] GradeOrder = ["A", "B", "C", "D"];

    public static BacktestResult Run(ScoringModel model, IReadOnlyList<LabelledLead> leads)
    {
        var scored = leads.Select(l => (Result: model.Score(l.Profile), l.Won)).ToList();
        var won = scored.Count(s => s.Won);
        var overall = Rate(won, scored.Count);
        var grades = GradeOrder.Select(g =>
        {
            var inGrade = scored.Where(s => s.Result.Grade == g).ToList();
            var w = inGrade.Count(s => s.Won);
            return new GradeStats(g, inGrade.Count, w, Rate(w, inGrade.Count));
        }).ToList();
        var a = grades[0].WinRate;
        var lift = a is null || overall is null or 0 ? null : a / overall;
        return new BacktestResult(model.Version, scored.Count, won, overall, grades,
            Auc(scored.Select(s => ((double)s.Result.Value, s.Won)).ToList()), lift);
    }

    /// <summary>
    /// The chance that a random won lead scores above a random other one (ties count half), by the Mann–Whitney U
    /// statistic over average ranks. Undefined (null) without at least one of each.
    /// </summary>
    public static double? Auc(IReadOnlyList<(double Score, bool Positive)> items)
    {
        long positives = items.Count(i => i.Positive), negatives = items.Count - positives;
        if (positives == 0 || negatives == 0) return null;
        var sorted = items.OrderBy(i => i.Score).ToList();
        double positiveRankSum = 0;
        for (var i = 0; i < sorted.Count;)
        {
            var j = i;
            while (j < sorted.Count && sorted[j].Score == sorted[i].Score) j++;
            var averageRank = (i + 1 + j) / 2.0; // ranks i+1 … j share their mean
            for (var k = i; k < j; k++) if (sorted[k].Positive) positiveRankSum += averageRank;
            i = j;
        }
        var u = positiveRankSum - positives * (positives + 1) / 2.0;
        return u / (positives * (double)negatives);
    }

    private static double? Rate(int part, int whole) => whole == 0 ? null : (double)part / whole;
}
