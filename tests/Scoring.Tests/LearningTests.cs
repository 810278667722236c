using Smarketing.Contracts;
using Smarketing.Scoring.Domain;

namespace Smarketing.Scoring.Tests;

public class LearningTests
{
    private static readonly DateTime At = new(2026, 11, 23, 1, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Logistic_regression_recovers_the_signs_and_rough_size_of_known_weights()
    {
        // Known answer: logit = -1 + 2·x0 - 1.5·x1 + 0·x2, labels drawn from it with a fixed seed.
        var random = new Random(42);
        var x = new List<double[]>();
        var y = new List<bool>();
        for (var i = 0; i < 4000; i++)
        {
            var row = new double[] { random.Next(2), random.Next(2), random.Next(2) };
            x.Add(row);
            y.Add(random.NextDouble() < LogisticRegression.Sigmoid(-1 + 2 * row[0] - 1.5 * row[1]));
        }

        var fit = LogisticRegression.Train(x, y, l2: 0.001, learningRate: 1, maxIterations: 20000, tolerance: 1e-10);

        Assert.InRange(fit.Weights[0], 1.6, 2.4);
        Assert.InRange(fit.Weights[1], -1.9, -1.1);
        Assert.InRange(fit.Weights[2], -0.3, 0.3);
        Assert.InRange(fit.Intercept, -1.4, -0.6);
    }

    [Fact]
    public void A_stronger_l2_penalty_shrinks_the_weights()
    {
        var x = new List<double[]> { new[] { 1.0 }, new[] { 1.0 }, new[] { 0.0 }, new[] { 0.0 }, new[] { 1.0 }, new[] { 0.0 } };
        var y = new List<bool> { true, true, false, false, false, true };

        var loose = LogisticRegression.Train(x, y, l2: 0);
        var tight = LogisticRegression.Train(x, y, l2: 1);

        Assert.True(Math.Abs(tight.Weights[0]) < Math.Abs(loose.Weights[0]));
        Assert.True(loose.Weights[0] > 0);
    }

    [Fact]
    public void The_learner_weighs_the_active_rules_on_history_so_the_signal_gets_points_and_the_noise_little()
    {
        var active = DefaultScoringModel.Document;
        var model = DefaultScoringModel.Create();
        var history = GeneratedHistory(600, seed: 7);

        var learned = ModelLearner.Learn(active, model, history);

        var points = learned.Document.Rules!.ToDictionary(r => r.Id!, r => r.Points!.Value);
        // In the generated history quote requests and stated timelines win; free-mail company leads lose; the city means nothing.
        Assert.True(points["intent.quote-request"] > 0);
        Assert.True(points["intent.timeline-now"] > 0);
        Assert.True(points.GetValueOrDefault("negative.free-mail-b2b") < 0);
        Assert.True(points["intent.quote-request"] > Math.Abs(points.GetValueOrDefault("fit.target-city")));
        Assert.Equal(ModelLearner.MaxRulePoints, points.Values.Max(Math.Abs));
        Assert.Equal(600, learned.Leads);
        Assert.Contains("600", learned.Document.Description);
        Assert.Empty(ModelValidator.Validate(learned.Document));

        // On fresh leads from the same process, the learned draft ranks won above lost well beyond chance.
        var holdout = GeneratedHistory(400, seed: 8);
        var backtest = Backtest.Run(RuleLanguage.Compile(learned.Document, "learned"), holdout);
        Assert.True(backtest.Auc > 0.75, $"AUC {backtest.Auc}");
    }

    [Theory]
    [InlineData(29, 10, 19)]
    [InlineData(40, 4, 36)]
    [InlineData(40, 36, 4)]
    public void Too_little_history_is_refused_with_the_numbers(int leads, int won, int notWon)
    {
        var reason = ModelLearner.WhyNot(leads, won, notWon);

        Assert.NotNull(reason);
        Assert.Contains($"there are {leads} ({won} won, {notWon} not won)", reason);
        Assert.Null(ModelLearner.WhyNot(30, 5, 25));
    }

    /// <summary>Leads whose chance of winning follows a known logit over a few fields.</summary>
    private static List<LabelledLead> GeneratedHistory(int count, int seed)
    {
        var random = new Random(seed);
        var sources = new[] { "quote-request", "website-form", "landing-page", "ads-lead-form" };
        var timelines = new[] { "now", "this-month", "later", null };
        var leads = new List<LabelledLead>();
        for (var i = 0; i < count; i++)
        {
            var source = sources[random.Next(sources.Length)];
            var timeline = timelines[random.Next(timelines.Length)];
            var freeMail = random.Next(2) == 0;
            var city = random.Next(2) == 0 ? "Jakarta" : "Kupang";
            var logit = -1.5 + (source == "quote-request" ? 2.5 : 0) + (timeline == "now" ? 2 : timeline == "this-month" ? 1 : 0) + (freeMail ? -1.5 : 0);
            var profile = new LeadProfile(source, "gen",
                new ContactInfo("X", freeMail ? $"x{i}@gmail.com" : $"x{i}@firma.co.id", null, "Firma", null, city),
                new InterestInfo(Timeline: timeline), 1, At);
            leads.Add(new LabelledLead(Guid.NewGuid(), profile, random.NextDouble() < LogisticRegression.Sigmoid(logit)));
        }
        return leads;
    }
}
