namespace Smarketing.Scoring.Domain;

public sealed record LearnedModel(ModelDocument Document, LogisticFit Fit, int Leads, int Won, int NotWon, IReadOnlyList<string> DroppedRules);

/// <summary>
/// Suggests a model from history: the active model's rules become yes/no features, logistic regression weighs them
/// on leads with a known result, and the weights are scaled into points. The result is only a draft: people approve it.
/// </summary>
public static class ModelLearner
{
    public const int MinLeads = 30;
    public const int MinEachOutcome = 5;
    /// <summary>The strongest rule gets this many points; the others in proportion.</summary>
    public const int MaxRulePoints = 30;

    public static string? WhyNot(int leads, int won, int notWon) =>
        leads < MinLeads || won < MinEachOutcome || notWon < MinEachOutcome
            ? $"Learning needs at least {MinLeads} leads with a known result and at least {MinEachOutcome} won and {MinEachOutcome} not won " +
              $"(lost, disqualified or flagged); there are {leads} ({won} won, {notWon} not won)."
            : null;

    public static LearnedModel Learn(ModelDocument activeDocument, ScoringModel active, IReadOnlyList<LabelledLead> history)
    {
        var won = history.Count(h => h.Won);
        if (WhyNot(history.Count, won, history.Count - won) is { } reason) throw new InvalidOperationException(reason);

        var rules = active.Rules;
        var x = history.Select(h => rules.Select(r => r.Applies(h.Profile, h.Profile.LastTouchAt) ? 1.0 : 0.0).ToArray()).ToList();
        var fit = LogisticRegression.Train(x, history.Select(h => h.Won).ToList());

        var strongest = fit.Weights.Select(Math.Abs).DefaultIfEmpty(0).Max();
        var scale = strongest > 0 ? MaxRulePoints / strongest : 0;
        var learned = new List<RuleDocument>();
        var dropped = new List<string>();
        var sources = activeDocument.Rules ?? [];
        for (var i = 0; i < rules.Count; i++)
        {
            var points = (int)Math.Round(fit.Weights[i] * scale);
            var source = sources.FirstOrDefault(r => r.Id == rules[i].Id);
            if (points == 0 || source is null) { dropped.Add(rules[i].Id); continue; }
            var category = points < 0 ? "negative" : source.Category == "negative" ? "fit" : source.Category;
            learned.Add(source with
            {
                Points = points,
                Category = category,
                Explanation = Trim($"{source.Explanation} (learned weight {fit.Weights[i]:0.00})"),
            });
        }

        var document = activeDocument with
        {
            Name = Trim100($"Learned from {history.Count} leads"),
            Description = $"Suggested from {history.Count} leads with a known result ({won} won, {history.Count - won} lost, disqualified or flagged): " +
                          $"logistic regression with L2 over the active model's {rules.Count} rules; points = weight × {scale:0.##}. " +
                          (dropped.Count > 0 ? $"Rules that learned no weight were left out: {string.Join(", ", dropped)}." : ""),
            Rules = learned,
        };
        return new LearnedModel(document, fit, history.Count, won, history.Count - won, dropped);
    }

    private static string Trim(string s) => s.Length <= 300 ? s : s[..300];

    private static string Trim100(string s) => s.Length <= 100 ? s : s[..100];
}
