using System.Globalization;
using Smarketing.Pipeline.Bench.Pipeline;
using Smarketing.Pipeline.Bench.Reporting;

namespace Pipeline.Bench.Tests;

public sealed class ReportTests
{
    private static LatencyStats Latency(double p50, double p99) => new(1000, p50, (p50 + p99) / 2, p99, p99 * 2, p50);

    private static StepResult Step(StepKind kind, double rate, bool held, double p50 = 30, double p99 = 120, string purpose = RateLadder.Climb) => new(
        1, kind, purpose, rate, kind == StepKind.Single ? 1 : 100, 12, 1000, 1000, 0, 0, (long)(rate * 12), rate, (long)(rate * 12), rate,
        (long)(rate * 12), (long)(rate * 12), Latency(5, 20), Latency(p50, p99), Latency(p50 + 10, p99 + 10), Latency(p50 + 2, p99 + 2),
        [new StageTiming("assignment: LeadScored sent → assignedAt", Latency(p50 / 2, p99 / 2))],
        [new CpuShare("assignment", 0.8), new CpuShare("postgres", 0.5)], 0.9, [new CpuCost("assignment", 12.5)],
        held ? [] : [new Backlog("assignment-lead-scored", 1234)], held ? [] : [new Backlog("scoringdb", 55)], 2, true,
        held ? [] : [new LogSignal("ingestion", 3, "12:00:00.000 fail: Npgsql timeout | x")], held,
        held ? [] : ["assigned 60% of the offered leads | within the step"],
        [new DatabaseWork("ingestiondb", 6.1, 377, 4.1), new DatabaseWork("reportingdb", 14.4, 2_699, 68.6)]);

    private static readonly RawLimitsResult Raw = new(
        new RabbitMqLimit(4, 32, 1024, 5, 12_000, 11_000, 900, Latency(1.1, 3)),
        new PostgresLimit(16, 5, 20_000, 4_000, Latency(3, 9)),
        new HttpLimit("Kestrel direct", 32, 1024, 5, 100_000, 0, 20_000, Latency(1.5, 4)),
        new HttpLimit("through YARP", 32, 1024, 5, 45_000, 0, 9_000, Latency(3.5, 8)));

    private static BenchReport Report()
    {
        List<StepResult> single = [Step(StepKind.Single, 100, true), Step(StepKind.Single, 200, true), Step(StepKind.Single, 400, false, 900, 5000)];
        List<StepResult> batch = [Step(StepKind.Batch, 1000, true), Step(StepKind.Batch, 2000, false, 1500, 9000)];
        var summary = Verdicts.Summarise(single, batch);
        var ratios = Verdicts.Ratios(Raw, summary);
        return new BenchReport("full", new DateTime(2026, 11, 23, 16, 0, 0, DateTimeKind.Utc), new DateTime(2026, 11, 23, 16, 9, 0, DateTimeKind.Utc), 540, 35,
            new MachineInfo(2, "Test CPU", 23.5, "6.1", ".NET 10", "abc123", false, "bench-pipeline"),
            new PlatformInfo("Release", true, false, new Dictionary<string, int> { ["scoring"] = 2, ["assignment"] = 2 }, 25, 10_000),
            new IdleCpu(5, 0.05, [new CpuShare("postgres", 0.02)]), Raw, new LoadPlan(12, 45, [100, 200, 400], [1000, 2000], 100, 5, 512, 32, FallsBehind.Default, true),
            single, batch, summary, ratios, Verdicts.Targets(Raw, summary, ratios), ["a note"]);
    }

    [Fact]
    public void The_summary_takes_the_highest_held_rates_and_the_step_at_half_of_them()
    {
        var report = Report();

        Assert.Equal(200, report.Summary.HighestSingleSustained);
        Assert.True(report.Summary.SingleSaturated);
        Assert.Equal(100, report.Summary.SingleAtHalf?.OfferedLeadsPerSecond);
        Assert.Equal(1000, report.Summary.HighestBatchSustained);
        Assert.Null(report.Summary.BatchAtHalf);
    }

    [Fact]
    public void Targets_are_judged_against_the_issue_figures()
    {
        var targets = Report().Targets;

        Assert.Equal([false, false, true, true, false, false], targets.Select(t => t.Passed));
        Assert.Equal("200 leads/s", targets[0].Measured);
        // 1,000 batch leads/s over the binding raw limit, PostgreSQL's 4,000 tx/s.
        Assert.StartsWith("25", targets[4].Measured, StringComparison.Ordinal);
        Assert.Equal(0.45, Verdicts.Ratios(Raw, Report().Summary).Single(r => r.Name.StartsWith("YARP", StringComparison.Ordinal)).Value);
    }

    [Fact]
    public void The_markdown_report_has_every_section_and_escapes_pipes_in_reasons()
    {
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        var markdown = MarkdownReport.Render(Report());

        foreach (var section in new[] { "## Targets", "## Raw limits", "## Ratios", "## Pipeline steps", "## Where a lead's time goes", "## CPU while sending", "## PostgreSQL work per lead", "## Backlog", "## Notes" })
            Assert.Contains(section, markdown);
        Assert.Contains("| single 400/s | ladder | **no** |", markdown);
        Assert.Contains("assigned 60% of the offered leads \\| within the step", markdown);
        Assert.Contains("| FAIL |", markdown);
        Assert.Contains("assignment-lead-scored 1,234", markdown);
        Assert.Contains("`abc123`", markdown);
        var table = markdown.Split('\n').Where(l => l.StartsWith("| single 400/s", StringComparison.Ordinal)).First();
        var header = markdown.Split('\n').First(l => l.StartsWith("| Step | Purpose", StringComparison.Ordinal));
        Assert.Equal(header.Count(ch => ch == '|'), table.Replace("\\|", "", StringComparison.Ordinal).Count(ch => ch == '|'));
    }

    [Fact]
    public void Observations_name_the_slowest_hop_and_where_the_backlog_stood()
    {
        var notes = Observations.From(Report().SingleSteps).ToList();

        Assert.Contains(notes, n => n.StartsWith("single 200/s (highest held): the slowest hop is assignment", StringComparison.Ordinal));
        Assert.Contains(notes, n => n.Contains("assignment-lead-scored with 1,234", StringComparison.Ordinal) && n.Contains("scoringdb with 55", StringComparison.Ordinal));
    }

    [Fact]
    public void Database_work_per_lead_is_the_growth_of_each_database_counters_over_the_accepted_leads()
    {
        var from = new Dictionary<string, DatabaseActivity> { ["ingestiondb"] = new(1_000, 50_000, 2_000) };
        var to = new Dictionary<string, DatabaseActivity> { ["reportingdb"] = new(144, 27_000, 686), ["ingestiondb"] = new(1_061, 53_770, 2_041) };

        var work = StepRunner.DatabasePerLead(from, to, leads: 10);

        // A database with no earlier reading counts from zero; the list is in name order.
        Assert.Equal([new DatabaseWork("ingestiondb", 6.1, 377, 4.1), new DatabaseWork("reportingdb", 14.4, 2_700, 68.6)], work);
        Assert.Empty(StepRunner.DatabasePerLead(from, to, leads: 0));
    }
}
