using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Xunit.Sdk;

namespace Smarketing.EndToEnd.Tests;

/// <summary>
/// The reports of issue 6 (/tmp/spec/reports.md) over a scripted story: a billboard campaign with lots of traffic and
/// mostly poor leads, against a smaller campaign whose leads are hot and get won. Every expected number is worked out
/// by hand from the script below, never read back from the service.
/// </summary>
[Collection(SmarketingCollection.Name)]
[Trait("Category", "EndToEnd")]
public sealed class ReportsTests(SmarketingFixture fixture)
{
    private static readonly TimeZoneInfo Jakarta = TimeZoneInfo.FindSystemTimeZoneById("Asia/Jakarta");
    private static readonly string[] HistogramKeys = ["0", "1", "2", "3", "4", "5+"];

    /// <summary>A sales touch (or a note), logged at the lead's receivedAt + Seconds (+ half a second, see below).</summary>
    private sealed record Touch(string Type, string? Outcome, int Seconds);

    private sealed record Script(string Label, bool Hot, Touch[] Touches, string? Result = null, decimal? Value = null, string? Reason = null);

    private sealed class ScriptedLead(Script script, string campaign, JsonNode body)
    {
        public Script Script { get; } = script;
        public string Campaign { get; } = campaign;
        public JsonNode Body { get; } = body;
        public Guid Id { get; set; }
        public DateTimeOffset ReceivedAt { get; set; }
        public string Grade { get; set; } = "";
        public string ModelVersion { get; set; } = "";
        public string Email => Body["contact"]!["email"]!.GetValue<string>();
        public int SalesTouches => Script.Touches.Count(t => t.Type != "note");
        public override string ToString() => $"{Script.Label} ({Id})";
    }

    // ─────────────────────────────────────────────────────────────────────────────────────────────────────────────
    // The scenario. Campaign A "billboard": traffic google-ads, today (Jakarta), 5000 visits, 800 clicks, spend 10,000,000.
    //               Campaign B "hot":       traffic meta-ads,   today (Jakarta),  600 visits, 150 clicks, spend  4,000,000.
    // Hot = Leads.Hot (grade A, sql, assigned to this test's own rep by a routing rule); Poor = Leads.Poor (nurture).
    // Touch times are capture (receivedAt) + the seconds below; the first one is the lead's speed to lead.
    //
    //  lead      camp  body  sales touches (type@s)                               note   outcome                 notes
    //  A-P1..P7  A     Poor  -                                                    -      open (nurture)          7 leads, never assigned
    //  A-H1      A     Hot   call@30                                              -      won 40,000,000
    //  A-H2      A     Hot   -                                                    @20    open                    assigned, never contacted (a note is no touch)
    //  B-P1..P2  B     Poor  -                                                    -      open (nurture)          2 leads
    //  B-H1      B     Hot   call@45 whatsapp@150                                 @10    won 75,000,000          the earlier note must not be the first touch
    //  B-H2      B     Hot   call@120                                             -      won 50,000,000          + a merged capture from campaign A before it is won
    //  B-H3      B     Hot   call@240 whatsapp@250 call@260 email@270 meeting@280 -      lost "signed with a competitor"  (five touches)
    //  B-H4      B     Hot   call@60 whatsapp@200                                 -      lost "chose competitor"          (two touches)
    //  B-H5      B     Hot   call@180                                             -      open, step 2 pending    contacted, not stalled
    //  B-H6      B     Hot   -                                                    -      open                    assigned, never contacted
    //
    // Lost reasons avoid the recycle words (timing, budget, not-interested), so no lost lead goes back to nurture.
    // First-touch speeds: A [30]; B [45, 60, 120, 180, 240]; all [30, 45, 60, 120, 180, 240] (all exact in their buckets,
    // all under five minutes). Nearest rank: p50 of six = 3rd = 60, p90 = 6th = 240, p99 = 6th = 240; median of B = 3rd of
    // five = 120; median of A = 30.
    // Sales touches: A 1 (of 9 leads), B 2+1+5+2+1 = 11 (of 8 leads); the rep's 8 leads 12.
    // ─────────────────────────────────────────────────────────────────────────────────────────────────────────────
    private static readonly Script[] PoorA = Enumerable.Range(1, 7).Select(i => new Script($"A-P{i}", Hot: false, [])).ToArray();
    private static readonly Script[] PoorB = Enumerable.Range(1, 2).Select(i => new Script($"B-P{i}", Hot: false, [])).ToArray();

    private static readonly Script AH1 = new("A-H1", true, [new("call", "connected", 30)], "won", 40_000_000m, "Signed three months on Sudirman");
    private static readonly Script AH2 = new("A-H2", true, [new("note", null, 20)]);
    private static readonly Script BH1 = new("B-H1", true,
        [new("note", null, 10), new("call", "connected", 45), new("whatsapp", "replied", 150)], "won", 75_000_000m, "Signed for six months");
    private static readonly Script BH2 = new("B-H2", true, [new("call", "connected", 120)], "won", 50_000_000m, "Signed for two months");
    private static readonly Script BH3 = new("B-H3", true,
        [
            new("call", "no-answer", 240), new("whatsapp", "no-answer", 250), new("call", "connected", 260),
            new("email", "replied", 270), new("meeting", "meeting-set", 280),
        ], "lost", null, "signed with a competitor");
    private static readonly Script BH4 = new("B-H4", true, [new("call", "connected", 60), new("whatsapp", "no-answer", 200)], "lost", null, "chose competitor");
    private static readonly Script BH5 = new("B-H5", true, [new("call", "connected", 180)]);
    private static readonly Script BH6 = new("B-H6", true, []);

    [Fact]
    public async Task Every_report_gives_the_scripted_numbers_for_two_campaigns_and_the_same_numbers_after_a_rebuild()
    {
        var suffix = Leads.UniqueSuffix();
        var a = $"reports-billboard-{suffix}";
        var b = $"reports-hot-{suffix}";
        var from = JakartaToday();
        var repName = $"Rep reports {suffix}";
        var repId = await CreateRepAsync(repName, capacity: 50);
        try
        {
            // Only this test's campaigns go to its own rep, so the rep rows hold exactly the scripted leads.
            await PutRulesAsync(new { name = $"reports-{suffix}", match = new { campaigns = new[] { a, b } }, pool = new[] { repId } });
            Assert.Equal(HttpStatusCode.Accepted, (await fixture.Capture.PostAsJsonAsync("/api/traffic", new
            {
                campaign = a, source = "google-ads", date = Day(from), visits = 5000, clicks = 800, spend = 10_000_000, currency = "IDR",
            })).StatusCode);
            Assert.Equal(HttpStatusCode.Accepted, (await fixture.Capture.PostAsJsonAsync("/api/traffic", new
            {
                campaign = b, source = "meta-ads", date = Day(from), visits = 600, clicks = 150, spend = 4_000_000, currency = "IDR",
            })).StatusCode);

            // Captured in this order, so B-H6 is the newest never-contacted lead and A-H2 the one before it.
            var poor = PoorA.Select(s => Lead(s, a)).Concat(PoorB.Select(s => Lead(s, b))).ToList();
            var hot = new[] { Lead(AH1, a), Lead(AH2, a), Lead(BH1, b), Lead(BH2, b), Lead(BH3, b), Lead(BH4, b), Lead(BH5, b), Lead(BH6, b) };
            var all = poor.Concat(hot).ToList();
            foreach (var lead in all) lead.Id = await CaptureNewAsync(lead.Body);

            foreach (var lead in poor)
            {
                var view = await fixture.WaitForLeadAsync(lead.Id, l => l["score"] is not null, TimeSpan.FromSeconds(90));
                Assert.True(view["score"]!["qualification"]!.GetValue<string>() == "nurture", $"{lead} should be nurture: {view.ToJsonString()}");
                Assert.Null(view["owner"]);
            }
            foreach (var lead in hot)
            {
                var view = await fixture.WaitForLeadAsync(lead.Id, l => l["owner"] is not null && l["score"] is not null && l["followUps"]!.AsArray().Count >= 5, TimeSpan.FromSeconds(90));
                Assert.Contains(view["score"]!["qualification"]!.GetValue<string>(), new[] { "mql", "sql" });
                Assert.Equal(repId, view["owner"]!["repId"]!.GetValue<Guid>());
                lead.ReceivedAt = view["receivedAt"]!.GetValue<DateTimeOffset>();
            }
            var bh2 = hot.Single(l => l.Script == BH2);

            // A second capture for B-H2's contact, from campaign A: one more marketing touch on the open lead.
            var merge = JsonSerializer.SerializeToNode(Leads.Hot(a), SmarketingFixture.Json)!;
            merge["contact"]!["email"] = bh2.Email;
            using (var merged = await fixture.Capture.PostAsJsonAsync("/api/leads", merge))
            {
                var answer = await SmarketingFixture.ReadJsonAsync(merged);
                Assert.True(merged.StatusCode == HttpStatusCode.Accepted, answer.ToJsonString());
                Assert.True(answer["merged"]!.GetValue<bool>(), answer.ToJsonString());
                Assert.Equal(bh2.Id, answer["leadId"]!.GetValue<Guid>());
            }
            await fixture.WaitForLeadAsync(bh2.Id, l => l["touches"]!.GetValue<int>() == 2);

            foreach (var lead in hot)
            {
                foreach (var touch in lead.Script.Touches)
                {
                    // Half a second past the whole second, so the speed floors to exactly touch.Seconds whatever the
                    // sub-millisecond rounding of receivedAt; at most 280.5 s after capture, inside the 5-minute limit on `at`.
                    var at = lead.ReceivedAt.AddSeconds(touch.Seconds + 0.5);
                    using var logged = await fixture.Gateway.PostAsJsonAsync($"/api/leads/{lead.Id}/activities",
                        new { type = touch.Type, outcome = touch.Outcome, notes = $"{lead.Script.Label} {touch.Type}@{touch.Seconds}s", at });
                    Assert.True(logged.StatusCode == HttpStatusCode.Created, $"{lead} {touch}: {(int)logged.StatusCode} {await logged.Content.ReadAsStringAsync()}");
                }
                if (lead.Script.Result is { } result)
                {
                    using var outcome = await fixture.Gateway.PostAsJsonAsync($"/api/leads/{lead.Id}/outcome",
                        new { result, value = lead.Script.Value, currency = "IDR", reason = lead.Script.Reason });
                    var answer = await outcome.Content.ReadAsStringAsync();
                    Assert.True(outcome.StatusCode == HttpStatusCode.OK, $"{lead} outcome: {(int)outcome.StatusCode} {answer}");
                    Assert.Null(JsonNode.Parse(answer)!["recycleAt"]); // no lost reason here recycles
                }
            }

            foreach (var lead in hot)
            {
                var status = lead.Script.Result ?? (lead.SalesTouches > 0 ? "contacted" : "assigned");
                var view = await fixture.WaitForLeadAsync(lead.Id, l => l["status"]!.GetValue<string>() == status &&
                    l["activities"]!.AsArray().Count == lead.Script.Touches.Length &&
                    l["followUps"]!.AsArray().Count(f => f!["status"]!.GetValue<string>() == "done") == lead.SalesTouches, TimeSpan.FromSeconds(60));
                lead.Grade = view["score"]!["grade"]!.GetValue<string>();
                lead.ModelVersion = view["score"]!["modelVersion"]!.ToString();
                if (lead.Script == BH5)
                {
                    Assert.Contains(view["followUps"]!.AsArray(), f => f!["step"]!.GetValue<int>() == 2 && f["status"]!.GetValue<string>() == "pending");
                }
            }

            var to = JakartaToday();
            var filter = $"campaign={a}&campaign={b}&from={Day(from)}&to={Day(to)}";
            var reports = new Dictionary<string, Func<Task<JsonNode>>>
            {
                ["funnel by campaign"] = () => GetJsonAsync($"/api/reports/funnel?groupBy=campaign&{filter}"),
                ["funnel by source"] = () => GetJsonAsync($"/api/reports/funnel?groupBy=source&{filter}"),
                ["funnel by rep"] = () => GetJsonAsync($"/api/reports/funnel?groupBy=rep&{filter}"),
                ["speed to lead by source"] = () => GetJsonAsync($"/api/reports/speed-to-lead?groupBy=source&{filter}"),
                ["speed to lead by rep"] = () => GetJsonAsync($"/api/reports/speed-to-lead?groupBy=rep&{filter}"),
                ["follow-up by campaign"] = () => GetJsonAsync($"/api/reports/follow-up?groupBy=campaign&{filter}"),
                ["follow-up by rep"] = () => GetJsonAsync($"/api/reports/follow-up?groupBy=rep&{filter}"),
                ["black hole"] = () => BlackHoleAsync($"olderThanHours=0&{filter}", [a, b]),
                ["black hole, never contacted"] = () => BlackHoleAsync($"olderThanHours=0&kind=never-contacted&{filter}", [a, b]),
                ["scoring"] = () => GetJsonAsync($"/api/reports/scoring?{filter}"),
                ["attribution"] = () => GetJsonAsync($"/api/reports/attribution?{filter}"),
            };
            var snapshots = new Dictionary<string, JsonNode>();

            // The read side is eventually consistent: wait until the funnel holds every scripted touch and outcome.
            await EventuallyAsync("the scripted touches and outcomes in the funnel", reports["funnel by campaign"], report =>
            {
                var rows = Rows(report);
                Assert.Equal([9, 8], new[] { a, b }.Select(c => Int(Row(rows, c), "leads")));
                Assert.Equal([1, 5], new[] { a, b }.Select(c => Int(Row(rows, c), "contacted")));
                Assert.Equal([1, 2], new[] { a, b }.Select(c => Int(Row(rows, c), "won")));
                Assert.Equal([0, 2], new[] { a, b }.Select(c => Int(Row(rows, c), "lost")));
                Assert.Equal([5000, 600], new[] { a, b }.Select(c => Int(Row(rows, c), "visits")));
                Assert.Equal(11.0 / 8, Row(rows, b)["avgTouchesPerLead"]!.GetValue<double>(), 4);
            }, TimeSpan.FromSeconds(90));

            // ── Funnel by campaign ──────────────────────────────────────────────────────────────────────────────
            // A: 9 leads (7 poor + 2 hot), 2 qualified and assigned, A-H1 contacted and won 40M; 10M spend / 9 = 1,111,111.11.
            // B: 8 leads (2 poor + 6 hot), 6 qualified and assigned, 5 contacted, won 75M + 50M, lost 2; 4M / 8 = 500,000.00.
            var funnelA = new FunnelRow(a, 5000, 800, 10_000_000m, Leads: 9, Qualified: 2, Assigned: 2, Contacted: 1, Won: 1, Lost: 0,
                Revenue: 40_000_000m, LeadRate: 9 / 5000.0, QualifiedRate: 2 / 9.0, WinRate: 1 / 9.0,
                CostPerLead: 1_111_111.11m, CostPerWon: 10_000_000.00m, MedianSpeed: 30, AvgTouches: 1 / 9.0);
            var funnelB = new FunnelRow(b, 600, 150, 4_000_000m, Leads: 8, Qualified: 6, Assigned: 6, Contacted: 5, Won: 2, Lost: 2,
                Revenue: 125_000_000m, LeadRate: 8 / 600.0, QualifiedRate: 6 / 8.0, WinRate: 2 / 8.0,
                CostPerLead: 500_000.00m, CostPerWon: 2_000_000.00m, MedianSpeed: 120, AvgTouches: 11 / 8.0);
            snapshots["funnel by campaign"] = await EventuallyAsync("the funnel by campaign", reports["funnel by campaign"], report =>
            {
                Assert.Equal("campaign", report["groupBy"]!.GetValue<string>());
                Assert.Equal(Day(from), report["from"]!.GetValue<string>());
                Assert.Equal(Day(to), report["to"]!.GetValue<string>());
                var rows = Rows(report);
                Assert.Equal([a, b], rows.Select(r => r["key"]!.GetValue<string>())); // only the filtered campaigns, most leads first
                CheckFunnelRow(funnelA, name => JsonField(Row(rows, a), name), "json");
                CheckFunnelRow(funnelB, name => JsonField(Row(rows, b), name), "json");
            });

            // The default period includes today, so it gives the same rows for these campaigns.
            var byDefaultPeriod = await GetJsonAsync($"/api/reports/funnel?groupBy=campaign&campaign={a}&campaign={b}");
            Assert.Equal(snapshots["funnel by campaign"]["rows"]!.ToJsonString(), byDefaultPeriod["rows"]!.ToJsonString());

            // The same numbers as CSV: RFC 4180, CRLF, camelCase header, invariant culture.
            using (var csvResponse = await fixture.Gateway.GetAsync($"/api/reports/funnel?groupBy=campaign&format=csv&{filter}"))
            {
                var csv = await csvResponse.Content.ReadAsStringAsync();
                Assert.True(csvResponse.StatusCode == HttpStatusCode.OK, csv);
                Assert.Equal("text/csv", csvResponse.Content.Headers.ContentType?.MediaType);
                Assert.EndsWith("\r\n", csv);
                Assert.DoesNotContain("\n", csv.Replace("\r\n", ""), StringComparison.Ordinal);
                var lines = ParseCsv(csv);
                var header = lines[0].ToList();
                foreach (var column in FunnelColumns) Assert.Contains(column, header);
                Assert.Equal("key", header[0]);
                Assert.Equal([a, b], lines.Skip(1).Select(l => l[0]));
                foreach (var expected in new[] { funnelA, funnelB })
                {
                    var line = lines.Single(l => l[0] == expected.Key);
                    Assert.Equal(header.Count, line.Length);
                    CheckFunnelRow(expected, name => line[header.IndexOf(name)] is { Length: > 0 } v ? v : null, "csv");
                }
            }

            // ── Funnel by source and by rep ─────────────────────────────────────────────────────────────────────
            snapshots["funnel by source"] = await EventuallyAsync("the funnel by source", reports["funnel by source"], report =>
            {
                var rows = Rows(report);
                var form = Row(rows, "website-form"); // the 8 hot leads
                Assert.Equal([8, 8, 8, 6, 3, 2], new[] { "leads", "qualified", "assigned", "contacted", "won", "lost" }.Select(f => Int(form, f)));
                Assert.Equal(165_000_000m, Money(form, "revenue"));
                Assert.Equal(60, form["medianSpeedToLeadSeconds"]!.GetValue<double>());
                Assert.Equal(12 / 8.0, form["avgTouchesPerLead"]!.GetValue<double>(), 4);
                var page = Row(rows, "landing-page"); // the 9 poor leads
                Assert.Equal([9, 0, 0, 0, 0], new[] { "leads", "qualified", "assigned", "contacted", "won" }.Select(f => Int(page, f)));
                Assert.Null(JsonField(page, "medianSpeedToLeadSeconds"));
                // Traffic is keyed by its own source, but the campaign filter keeps exactly these two campaigns' traffic.
                Assert.Equal(5600, rows.Sum(r => Int(r, "visits")));
                Assert.Equal(14_000_000m, rows.Sum(r => Money(r, "spend")));
            });
            snapshots["funnel by rep"] = await EventuallyAsync("the funnel by rep", reports["funnel by rep"], report =>
            {
                var rep = Row(Rows(report), repName);
                Assert.Equal([0, 8, 8, 8, 6, 3, 2], new[] { "visits", "leads", "qualified", "assigned", "contacted", "won", "lost" }.Select(f => Int(rep, f)));
                Assert.Equal(0m, Money(rep, "spend"));
                Assert.Equal(165_000_000m, Money(rep, "revenue"));
                Assert.Null(JsonField(rep, "leadRate")); // no visits
                AssertRate(1.0, JsonField(rep, "qualifiedRate"), "rep qualifiedRate");
                AssertRate(3 / 8.0, JsonField(rep, "winRate"), "rep winRate");
                Assert.Equal(60, rep["medianSpeedToLeadSeconds"]!.GetValue<double>());
                Assert.Equal(12 / 8.0, rep["avgTouchesPerLead"]!.GetValue<double>(), 4);
            });

            // ── Speed to lead ───────────────────────────────────────────────────────────────────────────────────
            // website-form: 8 leads, 6 touched at [30, 45, 60, 120, 180, 240] s -> p50 60, p90 240, p99 240; 6/8 within 5 min.
            // landing-page: 9 leads, nobody assigned or touched -> percentiles null, rates 0.   (all): 17 leads, 6/17.
            var speedHot = new SpeedRow("website-form", Leads: 8, Assigned: 8, Contacted: 6, P50: 60, P90: 240, P99: 240, Within: 6 / 8.0);
            var speedPoor = new SpeedRow("landing-page", Leads: 9, Assigned: 0, Contacted: 0, P50: null, P90: null, P99: null, Within: 0.0);
            var speedAll = new SpeedRow("(all)", Leads: 17, Assigned: 8, Contacted: 6, P50: 60, P90: 240, P99: 240, Within: 6 / 17.0);
            snapshots["speed to lead by source"] = await EventuallyAsync("speed to lead by source", reports["speed to lead by source"], report =>
            {
                Assert.Equal("source", report["groupBy"]!.GetValue<string>());
                var rows = Rows(report);
                Assert.Equal(["landing-page", "website-form"], rows.Select(r => r["key"]!.GetValue<string>()).Order());
                CheckSpeedRow(speedHot, Row(rows, "website-form"));
                CheckSpeedRow(speedPoor, Row(rows, "landing-page"));
                CheckSpeedRow(speedAll, report["total"]!);
            });
            snapshots["speed to lead by rep"] = await EventuallyAsync("speed to lead by rep", reports["speed to lead by rep"], report =>
            {
                var rows = Rows(report);
                CheckSpeedRow(speedHot with { Key = repName }, Row(rows, repName));
                CheckSpeedRow(speedPoor with { Key = "(unassigned)" }, Row(rows, "(unassigned)"));
                CheckSpeedRow(speedAll, report["total"]!);
            });

            // ── Follow-up ───────────────────────────────────────────────────────────────────────────────────────
            // Touch counts:  A closed {A-H1: 1}; A open {7 poor: 0, A-H2: 0 (a note only)}.
            //                B closed {B-H1: 2, B-H2: 1, B-H3: 5, B-H4: 2}; B open {2 poor: 0, B-H5: 1, B-H6: 0}.
            // Dropped (lost): B-H3 after five touches, B-H4 after two. First-touch steps: one per assigned lead, none overdue.
            var followA = new FollowUpRow(a, Leads: 9, Open: 8, Closed: 1, ClosedTouches: [0, 1, 0, 0, 0, 0], OpenTouches: [8, 0, 0, 0, 0, 0],
                AvgClosed: 1.0, AvgOpen: 0.0, Dropped: 0, DroppedAfterFive: 0, ReachedFiveRate: null, Deadlines: 2);
            var followB = new FollowUpRow(b, Leads: 8, Open: 4, Closed: 4, ClosedTouches: [0, 1, 2, 0, 0, 1], OpenTouches: [3, 1, 0, 0, 0, 0],
                AvgClosed: 10 / 4.0, AvgOpen: 1 / 4.0, Dropped: 2, DroppedAfterFive: 1, ReachedFiveRate: 0.5, Deadlines: 6);
            var followAll = new FollowUpRow("(all)", Leads: 17, Open: 12, Closed: 5, ClosedTouches: [0, 2, 2, 0, 0, 1], OpenTouches: [11, 1, 0, 0, 0, 0],
                AvgClosed: 11 / 5.0, AvgOpen: 1 / 12.0, Dropped: 2, DroppedAfterFive: 1, ReachedFiveRate: 0.5, Deadlines: 8);
            var followRep = new FollowUpRow(repName, Leads: 8, Open: 3, Closed: 5, ClosedTouches: [0, 2, 2, 0, 0, 1], OpenTouches: [2, 1, 0, 0, 0, 0],
                AvgClosed: 11 / 5.0, AvgOpen: 1 / 3.0, Dropped: 2, DroppedAfterFive: 1, ReachedFiveRate: 0.5, Deadlines: 8);
            snapshots["follow-up by campaign"] = await EventuallyAsync("follow-up by campaign", reports["follow-up by campaign"], report =>
            {
                Assert.Equal("campaign", report["groupBy"]!.GetValue<string>());
                var rows = Rows(report);
                Assert.Equal([a, b], rows.Select(r => r["key"]!.GetValue<string>()).Order());
                CheckFollowUpRow(followA, Row(rows, a));
                CheckFollowUpRow(followB, Row(rows, b));
                CheckFollowUpRow(followAll, report["total"]!);
            });
            snapshots["follow-up by rep"] = await EventuallyAsync("follow-up by rep", reports["follow-up by rep"], report =>
            {
                CheckFollowUpRow(followRep, Row(Rows(report), repName));
                CheckFollowUpRow(followAll, report["total"]!);
            });

            // ── Black hole (olderThanHours=0: everything captured or touched before now) ───────────────────────
            // Never contacted: A-H2 (a note only) and B-H6: assigned, no sales touch, no outcome. The poor leads are in
            // nurture, so they are not. Stalled: none; the only open contacted lead, B-H5, has its step 2 pending.
            var neverContacted = new[] { hot.Single(l => l.Script == BH6), hot.Single(l => l.Script == AH2) }; // newest capture first
            foreach (var name in new[] { "black hole", "black hole, never contacted" })
            {
                snapshots[name] = await EventuallyAsync(name, reports[name], report =>
                {
                    var byCampaign = report["byCampaign"]!.AsArray();
                    foreach (var campaign in new[] { a, b })
                    {
                        var entry = Row(byCampaign, campaign);
                        Assert.Equal(1, Int(entry, "neverContacted"));
                        Assert.Equal(0, Int(entry, "stalled"));
                    }
                    var items = report["items"]!.AsArray();
                    Assert.Equal(neverContacted.Select(l => l.Id), items.Select(i => i!["leadId"]!.GetValue<Guid>()));
                    foreach (var (item, lead) in items.Zip(neverContacted))
                    {
                        Assert.Equal("never-contacted", item!["kind"]!.GetValue<string>());
                        Assert.Equal(lead.Campaign, item["campaign"]!.GetValue<string>());
                        Assert.Equal("website-form", item["source"]!.GetValue<string>());
                        Assert.Equal("Budi Santoso", item["name"]!.GetValue<string>());
                        Assert.Equal("Toko ABC", item["company"]!.GetValue<string>());
                        Assert.Equal(lead.Grade, item["grade"]!.GetValue<string>());
                        Assert.Equal("assigned", item["status"]!.GetValue<string>());
                        Assert.Equal(repId, item["ownerRepId"]!.GetValue<Guid>());
                        Assert.Equal(repName, item["ownerName"]!.GetValue<string>());
                        Assert.Equal(lead.ReceivedAt, item["receivedAt"]!.GetValue<DateTimeOffset>());
                        Assert.Equal(0, Int(item, "salesTouches"));
                    }
                    Assert.Null(items[0]!["lastTouchAt"]); // B-H6 was never touched at all
                });
            }
            var stalled = await BlackHoleAsync($"olderThanHours=0&kind=stalled&{filter}", [a, b]);
            Assert.Empty(stalled["items"]!.AsArray());

            // ── Scoring: closed leads per grade (the grades the leads actually got) ─────────────────────────────
            var closed = hot.Where(l => l.Script.Result is not null).ToList(); // A-H1, B-H1, B-H2 won; B-H3, B-H4 lost
            Assert.Equal(5, closed.Count);
            snapshots["scoring"] = await EventuallyAsync("the scoring report", reports["scoring"], report =>
            {
                var byGrade = report["byGrade"]!.AsArray();
                var grades = byGrade.Select(g => g!["grade"]!.GetValue<string>()).ToList();
                Assert.Equal(grades.Order(StringComparer.Ordinal), grades); // A..D order
                foreach (var row in byGrade)
                {
                    var mine = closed.Where(l => l.Grade == row!["grade"]!.GetValue<string>()).ToList();
                    CheckClosedCounts(mine, row!, $"byGrade {row!["grade"]}");
                }
                foreach (var grade in closed.Select(l => l.Grade).Distinct())
                {
                    Assert.Contains(byGrade, g => g!["grade"]!.GetValue<string>() == grade);
                }
                var byModel = report["byModel"]!.AsArray();
                foreach (var row in byModel)
                {
                    var mine = closed.Where(l => l.ModelVersion == row!["modelVersion"]!.ToString() && l.Grade == row["grade"]!.GetValue<string>()).ToList();
                    CheckClosedCounts(mine, row!, $"byModel {row!["modelVersion"]}/{row["grade"]}");
                }
                foreach (var (model, grade) in closed.Select(l => (l.ModelVersion, l.Grade)).Distinct())
                {
                    Assert.Contains(byModel, m => m!["modelVersion"]!.ToString() == model && m["grade"]!.GetValue<string>() == grade);
                }
            });

            // ── Attribution ─────────────────────────────────────────────────────────────────────────────────────
            // Every lead has one capture except B-H2: first B, then the merged capture from A (won 50M).
            // A: first 9, last 9 + B-H2 = 10, linear 9 + 0.5 = 9.5; won deals A-H1 and B-H2; revenue first 40M, last 40M + 50M, linear 40M + 25M.
            // B: first 8, last 8 - B-H2 = 7, linear 7 + 0.5 = 7.5; won deals B-H1 and B-H2; revenue first 75M + 50M, last 75M, linear 75M + 25M.
            snapshots["attribution"] = await EventuallyAsync("the attribution report", reports["attribution"], report =>
            {
                var rows = Rows(report);
                Assert.Equal([a, b], rows.Select(r => r["key"]!.GetValue<string>()).Order());
                CheckAttributionRow(new AttributionRow(a, First: 9, Last: 10, Linear: 9.5m, WonDeals: 2,
                    FirstRevenue: 40_000_000m, LastRevenue: 90_000_000m, LinearRevenue: 65_000_000m), Row(rows, a));
                CheckAttributionRow(new AttributionRow(b, First: 8, Last: 7, Linear: 7.5m, WonDeals: 2,
                    FirstRevenue: 125_000_000m, LastRevenue: 75_000_000m, LinearRevenue: 100_000_000m), Row(rows, b));
            });

            // ── Rebuild: replaying every stored event gives the same reports ────────────────────────────────────
            Assert.Equal(reports.Keys.Order(), snapshots.Keys.Order());
            await RebuildAsync();
            foreach (var (name, read) in reports)
            {
                var after = await read();
                if (!snapshots.TryGetValue(name, out var before)) continue;
                var (was, now) = (before.ToJsonString(), after.ToJsonString());
                Assert.True(was == now, $"{name} changed after the rebuild:\nbefore {was}\nafter  {now}");
            }
        }
        finally
        {
            await PutRulesAsync();
            await fixture.Gateway.PutAsJsonAsync($"/api/sales-reps/{repId}/away", new { away = true });
        }
    }

    [Fact]
    public async Task Bad_report_parameters_are_400_naming_the_field_and_only_insight_roles_read_reports()
    {
        (string Path, string Field)[] bad =
        [
            ("/api/reports/funnel?groupBy=nope", "groupBy"),
            ("/api/reports/funnel?from=2026-13-01", "from"),
            ("/api/reports/funnel?to=2026-02-30", "to"),
            ("/api/reports/funnel?format=xml", "format"),
            ("/api/reports/speed-to-lead?groupBy=campaign", "groupBy"),
            ("/api/reports/speed-to-lead?format=xml", "format"),
            ("/api/reports/follow-up?groupBy=source", "groupBy"),
            ("/api/reports/follow-up?from=23-11-2026", "from"),
            ("/api/reports/black-hole?olderThanHours=-1", "olderThanHours"),
            ("/api/reports/black-hole?olderThanHours=8761", "olderThanHours"),
            ("/api/reports/black-hole?kind=lost", "kind"),
            ("/api/reports/scoring?format=xml", "format"),
            ("/api/reports/attribution?from=yesterday", "from"),
        ];
        foreach (var (path, field) in bad)
        {
            using var response = await fixture.Gateway.GetAsync(path);
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{path}: {(int)response.StatusCode} {body}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var errors = JsonNode.Parse(body)!["errors"]!.AsObject();
            Assert.True(errors.ContainsKey(field), $"{path}: no error for {field} in {body}");
        }
        // The same reports with good parameters answer.
        foreach (var path in new[] { "/api/reports/funnel?groupBy=source", "/api/reports/black-hole?olderThanHours=8760&pageSize=1", "/api/reports/attribution?format=csv" })
        {
            using var response = await fixture.Gateway.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        var repId = await CreateRepAsync($"Rep report reader {Leads.UniqueSuffix()}", capacity: 1);
        await fixture.Gateway.PutAsJsonAsync($"/api/sales-reps/{repId}/away", new { away = true });
        using var rep = fixture.Client(await Users.CreateAsync(fixture, "sales_rep", repId));
        using var marketer = fixture.Client(await Users.CreateAsync(fixture, "marketing"));
        using var manager = fixture.Client(await Users.CreateAsync(fixture, "sales_manager"));
        using var anonymous = fixture.Client();

        foreach (var path in new[] { "/api/reports/funnel", "/api/reports/speed-to-lead", "/api/reports/black-hole", "/api/reports/attribution" })
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await rep.GetAsync(path)).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(path)).StatusCode);
        }
        Assert.Equal(HttpStatusCode.OK, (await marketer.GetAsync("/api/reports/funnel?groupBy=campaign")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await manager.GetAsync("/api/reports/follow-up?groupBy=rep")).StatusCode);
        // Rebuilding is for admins only.
        Assert.Equal(HttpStatusCode.Forbidden, (await manager.PostAsync("/api/reports/rebuild", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await marketer.GetAsync("/api/reports/rebuild")).StatusCode);
    }

    // ── Expected rows and their checks ──────────────────────────────────────────────────────────────────────────

    private static readonly string[] FunnelColumns =
    [
        "key", "visits", "clicks", "spend", "leads", "qualified", "assigned", "contacted", "won", "lost", "revenue",
        "leadRate", "qualifiedRate", "winRate", "costPerLead", "costPerWon", "medianSpeedToLeadSeconds", "avgTouchesPerLead",
    ];

    private sealed record FunnelRow(string Key, long Visits, long Clicks, decimal Spend, int Leads, int Qualified, int Assigned, int Contacted,
        int Won, int Lost, decimal Revenue, double? LeadRate, double? QualifiedRate, double? WinRate, decimal? CostPerLead, decimal? CostPerWon,
        int? MedianSpeed, double? AvgTouches);

    /// <summary>One check for the JSON row and the CSV line: <paramref name="field"/> gives a field's text (null for null).</summary>
    private static void CheckFunnelRow(FunnelRow e, Func<string, string?> field, string format)
    {
        var at = $"{format} funnel row {e.Key}";
        AssertCount(e.Visits, field("visits"), $"{at} visits");
        AssertCount(e.Clicks, field("clicks"), $"{at} clicks");
        AssertMoney(e.Spend, field("spend"), $"{at} spend");
        AssertCount(e.Leads, field("leads"), $"{at} leads");
        AssertCount(e.Qualified, field("qualified"), $"{at} qualified");
        AssertCount(e.Assigned, field("assigned"), $"{at} assigned");
        AssertCount(e.Contacted, field("contacted"), $"{at} contacted");
        AssertCount(e.Won, field("won"), $"{at} won");
        AssertCount(e.Lost, field("lost"), $"{at} lost");
        AssertMoney(e.Revenue, field("revenue"), $"{at} revenue");
        AssertRate(e.LeadRate, field("leadRate"), $"{at} leadRate");
        AssertRate(e.QualifiedRate, field("qualifiedRate"), $"{at} qualifiedRate");
        AssertRate(e.WinRate, field("winRate"), $"{at} winRate");
        AssertMoney(e.CostPerLead, field("costPerLead"), $"{at} costPerLead");
        AssertMoney(e.CostPerWon, field("costPerWon"), $"{at} costPerWon");
        AssertSeconds(e.MedianSpeed, field("medianSpeedToLeadSeconds"), $"{at} medianSpeedToLeadSeconds");
        AssertRate(e.AvgTouches, field("avgTouchesPerLead"), $"{at} avgTouchesPerLead");
    }

    /// <summary>Within is the share of leads first touched within 5 minutes; every scripted touch is also within 1 and 24 hours.</summary>
    private sealed record SpeedRow(string Key, int Leads, int Assigned, int Contacted, int? P50, int? P90, int? P99, double Within);

    private static void CheckSpeedRow(SpeedRow e, JsonNode row)
    {
        var at = $"speed row {e.Key}";
        Assert.Equal(e.Key, row["key"]!.GetValue<string>());
        AssertCount(e.Leads, JsonField(row, "leads"), $"{at} leads");
        AssertCount(e.Assigned, JsonField(row, "assigned"), $"{at} assigned");
        AssertCount(e.Contacted, JsonField(row, "contacted"), $"{at} contacted");
        AssertSeconds(e.P50, JsonField(row, "touchP50Seconds"), $"{at} touchP50Seconds");
        AssertSeconds(e.P90, JsonField(row, "touchP90Seconds"), $"{at} touchP90Seconds");
        AssertSeconds(e.P99, JsonField(row, "touchP99Seconds"), $"{at} touchP99Seconds");
        AssertRate(e.Within, JsonField(row, "touchedWithin5MinutesRate"), $"{at} touchedWithin5MinutesRate");
        AssertRate(e.Within, JsonField(row, "touchedWithin1HourRate"), $"{at} touchedWithin1HourRate");
        AssertRate(e.Within, JsonField(row, "touchedWithin24HoursRate"), $"{at} touchedWithin24HoursRate");
        // Capture -> assignment depends on the platform's speed, not the script: only whether there is one.
        foreach (var name in new[] { "assignP50Seconds", "assignP90Seconds", "assignP99Seconds" })
        {
            var value = JsonField(row, name);
            if (e.Assigned == 0) Assert.True(value is null, $"{at} {name}: expected null, got {value}");
            else Assert.True(value is not null && double.Parse(value, CultureInfo.InvariantCulture) >= 0, $"{at} {name}: {value}");
        }
    }

    private sealed record FollowUpRow(string Key, int Leads, int Open, int Closed, int[] ClosedTouches, int[] OpenTouches,
        double? AvgClosed, double? AvgOpen, int Dropped, int DroppedAfterFive, double? ReachedFiveRate, int Deadlines);

    private static void CheckFollowUpRow(FollowUpRow e, JsonNode row)
    {
        var at = $"follow-up row {e.Key}";
        Assert.Equal(e.Key, row["key"]!.GetValue<string>());
        AssertCount(e.Leads, JsonField(row, "leads"), $"{at} leads");
        AssertCount(e.Open, JsonField(row, "open"), $"{at} open");
        AssertCount(e.Closed, JsonField(row, "closed"), $"{at} closed");
        for (var i = 0; i < HistogramKeys.Length; i++)
        {
            AssertCount(e.ClosedTouches[i], JsonField(row["touchesPerClosedLead"]!, HistogramKeys[i]), $"{at} touchesPerClosedLead[{HistogramKeys[i]}]");
            AssertCount(e.OpenTouches[i], JsonField(row["touchesPerOpenLead"]!, HistogramKeys[i]), $"{at} touchesPerOpenLead[{HistogramKeys[i]}]");
        }
        AssertRate(e.AvgClosed, JsonField(row, "avgTouchesPerClosedLead"), $"{at} avgTouchesPerClosedLead");
        AssertRate(e.AvgOpen, JsonField(row, "avgTouchesPerOpenLead"), $"{at} avgTouchesPerOpenLead");
        AssertCount(e.Dropped, JsonField(row, "dropped"), $"{at} dropped");
        AssertCount(e.DroppedAfterFive, JsonField(row, "droppedAfterFiveTouches"), $"{at} droppedAfterFiveTouches");
        AssertRate(e.ReachedFiveRate, JsonField(row, "reachedFiveTouchesRate"), $"{at} reachedFiveTouchesRate");
        // One first-touch step per assigned lead; none overdue, as the whole scenario runs well inside the grade's deadline.
        AssertCount(e.Deadlines, JsonField(row, "firstTouchDeadlines"), $"{at} firstTouchDeadlines");
        AssertCount(0, JsonField(row, "firstTouchBreaches"), $"{at} firstTouchBreaches");
        AssertRate(0.0, JsonField(row, "firstTouchBreachRate"), $"{at} firstTouchBreachRate");
    }

    private sealed record AttributionRow(string Key, int First, int Last, decimal Linear, int WonDeals,
        decimal FirstRevenue, decimal LastRevenue, decimal LinearRevenue);

    private static void CheckAttributionRow(AttributionRow e, JsonNode row)
    {
        var at = $"attribution row {e.Key}";
        AssertCount(e.First, JsonField(row, "firstTouchLeads"), $"{at} firstTouchLeads");
        AssertCount(e.Last, JsonField(row, "lastTouchLeads"), $"{at} lastTouchLeads");
        AssertMoney(e.Linear, JsonField(row, "linearLeads"), $"{at} linearLeads");
        AssertCount(e.WonDeals, JsonField(row, "wonDeals"), $"{at} wonDeals");
        AssertMoney(e.FirstRevenue, JsonField(row, "firstTouchRevenue"), $"{at} firstTouchRevenue");
        AssertMoney(e.LastRevenue, JsonField(row, "lastTouchRevenue"), $"{at} lastTouchRevenue");
        AssertMoney(e.LinearRevenue, JsonField(row, "linearRevenue"), $"{at} linearRevenue");
    }

    private static void CheckClosedCounts(IReadOnlyCollection<ScriptedLead> closed, JsonNode row, string at)
    {
        var won = closed.Count(l => l.Script.Result == "won");
        var lost = closed.Count(l => l.Script.Result == "lost");
        AssertCount(closed.Count, JsonField(row, "closed"), $"{at} closed");
        AssertCount(won, JsonField(row, "won"), $"{at} won");
        AssertCount(lost, JsonField(row, "lost"), $"{at} lost");
        AssertCount(0, JsonField(row, "disqualified"), $"{at} disqualified");
        AssertRate(closed.Count == 0 ? null : (double)won / closed.Count, JsonField(row, "winRate"), $"{at} winRate");
    }

    private static void AssertCount(long expected, string? actual, string what) =>
        Assert.True(actual is not null && long.TryParse(actual, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n == expected,
            $"{what}: expected {expected}, got {actual ?? "null"}");

    /// <summary>Money and other 2 dp (or 4 dp) figures: exact.</summary>
    private static void AssertMoney(decimal? expected, string? actual, string what) =>
        Assert.True(expected is null
                ? actual is null
                : actual is not null && decimal.TryParse(actual, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && n == expected,
            $"{what}: expected {expected?.ToString(CultureInfo.InvariantCulture) ?? "null"}, got {actual ?? "null"}");

    /// <summary>Speeds are whole seconds (the lower bound of their bucket): exact.</summary>
    private static void AssertSeconds(int? expected, string? actual, string what) =>
        Assert.True(expected is null
                ? actual is null
                : actual is not null && double.TryParse(actual, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && n == expected,
            $"{what}: expected {expected?.ToString(CultureInfo.InvariantCulture) ?? "null"}, got {actual ?? "null"}");

    /// <summary>Rates and averages: fractions, equal to at least four decimal places.</summary>
    private static void AssertRate(double? expected, string? actual, string what) =>
        Assert.True(expected is null
                ? actual is null
                : actual is not null && double.TryParse(actual, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && Math.Abs(n - expected.Value) <= 0.00005 + 1e-12,
            $"{what}: expected {expected?.ToString("R", CultureInfo.InvariantCulture) ?? "null"}, got {actual ?? "null"}");

    /// <summary>A field's text; the field must be present (a rate is null when its denominator is 0, never missing).</summary>
    private static string? JsonField(JsonNode row, string name)
    {
        Assert.True(row is JsonObject o && o.ContainsKey(name), $"no field {name} in {row.ToJsonString()}");
        return row[name] switch
        {
            null => null,
            JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
            var n => n.ToJsonString(),
        };
    }

    private static int Int(JsonNode row, string name) => row[name]?.GetValue<int>() ?? throw new XunitException($"no {name} in {row.ToJsonString()}");

    private static decimal Money(JsonNode row, string name) => row[name]?.GetValue<decimal>() ?? throw new XunitException($"no {name} in {row.ToJsonString()}");

    private static List<JsonNode> Rows(JsonNode report) => report["rows"]!.AsArray().Select(r => r!).ToList();

    private static JsonNode Row(IEnumerable<JsonNode?> rows, string key)
    {
        var list = rows.ToList();
        return list.SingleOrDefault(r => r!["key"]?.GetValue<string>() == key)
            ?? throw new XunitException($"no row {key} among {string.Join(", ", list.Select(r => r!["key"]?.ToJsonString()))}");
    }

    // ── Calls ───────────────────────────────────────────────────────────────────────────────────────────────────

    private static ScriptedLead Lead(Script script, string campaign) =>
        new(script, campaign, JsonSerializer.SerializeToNode(script.Hot ? Leads.Hot(campaign) : Leads.Poor(campaign), SmarketingFixture.Json)!);

    private async Task<Guid> CaptureNewAsync(JsonNode body)
    {
        using var response = await fixture.Capture.PostAsJsonAsync("/api/leads", body);
        var answer = await SmarketingFixture.ReadJsonAsync(response);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, answer.ToJsonString());
        Assert.False(answer["merged"]!.GetValue<bool>());
        return answer["leadId"]!.GetValue<Guid>();
    }

    private async Task<JsonNode> GetJsonAsync(string path)
    {
        using var response = await fixture.Gateway.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {body}");
        return JsonNode.Parse(body)!;
    }

    /// <summary>
    /// The black hole restricted to <paramref name="campaigns"/>: their byCampaign entries and their items, every page
    /// read (the lists may hold other tests' leads). Everything else (the cutoff, global counts) depends on the clock.
    /// </summary>
    private async Task<JsonNode> BlackHoleAsync(string query, string[] campaigns)
    {
        const int pageSize = 100;
        var items = new JsonArray();
        JsonArray? byCampaign = null;
        for (var page = 1; page <= 200; page++)
        {
            var report = await GetJsonAsync($"/api/reports/black-hole?{query}&page={page}&pageSize={pageSize}");
            Assert.Equal(0, report["olderThanHours"]!.GetValue<int>());
            byCampaign ??= new JsonArray(report["byCampaign"]!.AsArray()
                .Where(c => c!["key"]?.GetValue<string>() is { } key && campaigns.Contains(key)).Select(c => c!.DeepClone()).ToArray());
            var pageItems = report["items"]!.AsArray();
            foreach (var item in pageItems.Where(i => i!["campaign"]?.GetValue<string>() is { } campaign && campaigns.Contains(campaign)))
            {
                items.Add(item!.DeepClone());
            }
            if (pageItems.Count == 0 || page * pageSize >= report["total"]!.GetValue<int>()) break;
        }
        return new JsonObject { ["byCampaign"] = byCampaign, ["items"] = items };
    }

    /// <summary>Starts a rebuild and waits (at most two minutes) until this run has completed.</summary>
    private async Task RebuildAsync()
    {
        using var started = await fixture.Gateway.PostAsync("/api/reports/rebuild", null);
        var start = await SmarketingFixture.ReadJsonAsync(started);
        Assert.True(started.StatusCode == HttpStatusCode.Accepted, $"rebuild: {(int)started.StatusCode} {start.ToJsonString()}");
        Assert.Equal("running", start["state"]!.GetValue<string>());
        var startedAt = start["startedAt"]?.GetValue<DateTimeOffset>();

        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        JsonNode status;
        while (true)
        {
            status = await GetJsonAsync("/api/reports/rebuild");
            var state = status["state"]!.GetValue<string>();
            Assert.True(state != "failed", $"the rebuild failed: {status.ToJsonString()}");
            if (state == "completed" && (startedAt is null || status["startedAt"]?.GetValue<DateTimeOffset>() == startedAt)) break;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"The rebuild did not complete within two minutes; last: {status.ToJsonString()}");
            await Task.Delay(500);
        }
        Assert.True(status["replayed"]!.GetValue<long>() > 0, status.ToJsonString());
        Assert.NotNull(status["finishedAt"]);
    }

    /// <summary>Reads until <paramref name="check"/> passes (the read side is eventually consistent); then its last failure is the test's.</summary>
    private static async Task<JsonNode> EventuallyAsync(string what, Func<Task<JsonNode>> read, Action<JsonNode> check, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(45));
        while (true)
        {
            var report = await read();
            try
            {
                check(report);
                return report;
            }
            // Missing fields and rows fail as null references or wrong kinds too, until the answer is complete.
            catch (Exception) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(500);
            }
            catch (Exception e)
            {
                throw new XunitException($"{what}: {e.Message}\nlast answer: {report.ToJsonString()}");
            }
        }
    }

    private async Task<Guid> CreateRepAsync(string name, int capacity)
    {
        using var created = await fixture.Gateway.PostAsJsonAsync("/api/sales-reps", new
        {
            name, email = $"reports{Leads.UniqueSuffix()}@smarketing.local", capacity, weight = 1,
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await SmarketingFixture.ReadJsonAsync(created))["repId"]!.GetValue<Guid>();
    }

    private async Task PutRulesAsync(params object[] rules)
    {
        using var response = await fixture.Gateway.PutAsJsonAsync("/api/assignment/rules", new { rules, fallbackPool = Array.Empty<Guid>() });
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    private static DateOnly JakartaToday() => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, Jakarta).DateTime);

    private static string Day(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>RFC 4180: quoted fields may hold commas, quotes ("") and line breaks; records end with CRLF.</summary>
    private static List<string[]> ParseCsv(string text)
    {
        var records = new List<string[]>();
        var record = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c != '"') field.Append(c);
                else if (i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                else quoted = false;
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { record.Add(field.ToString()); field.Clear(); }
            else if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                record.Add(field.ToString());
                field.Clear();
                records.Add([.. record]);
                record.Clear();
                i++;
            }
            else field.Append(c);
        }
        if (field.Length > 0 || record.Count > 0)
        {
            record.Add(field.ToString());
            records.Add([.. record]);
        }
        return records;
    }
}
