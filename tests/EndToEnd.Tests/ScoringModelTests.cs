using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Smarketing.EndToEnd.Tests;

/// <summary>The scoring model as the written agreement between marketing and sales: approval, rescoring, proof, push-back.</summary>
[Collection(SmarketingCollection.Name)]
[Trait("Category", "EndToEnd")]
public sealed class ScoringModelTests(SmarketingFixture fixture)
{
    [Fact]
    public async Task A_draft_approved_by_one_side_stays_inactive_and_by_both_becomes_active_and_rescores_open_leads()
    {
        var leadId = (await SmarketingFixture.ReadJsonAsync(await fixture.PostLeadAsync(Leads.Hot("scoring-rescore"))))["leadId"]!.GetValue<Guid>();
        await fixture.WaitForLeadAsync(leadId, l => l["score"] is not null);
        var active = await fixture.Gateway.GetFromJsonAsync<JsonObject>("/api/scoring/models/active");
        var before = active!["version"]!.GetValue<int>();

        using var marketer = fixture.Client(await Users.CreateAsync(fixture, "marketing"));
        using var manager = fixture.Client(await Users.CreateAsync(fixture, "sales_manager"));

        // The next version: the same rules (other tests rely on them), re-explained; GET output posts back as a draft.
        var draft = active.DeepClone().AsObject();
        draft["name"] = "Agreed in the Monday smarketing meeting";
        var created = await marketer.PostAsJsonAsync("/api/scoring/models", draft);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var version = (await SmarketingFixture.ReadJsonAsync(created))["version"]!.GetValue<int>();
        Assert.True(version > before);

        var first = await marketer.PostAsync($"/api/scoring/models/{version}/approve", null);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var half = await SmarketingFixture.ReadJsonAsync(first);
        Assert.Equal("approved-by-one-side", half["status"]!.GetValue<string>());
        Assert.NotNull(half["approvals"]!["marketing"]);
        Assert.Null(half["approvals"]!["sales"]);

        // Admins do not speak for either side; one side alone changes nothing.
        Assert.Equal(HttpStatusCode.Forbidden, (await fixture.Gateway.PostAsync($"/api/scoring/models/{version}/approve", null)).StatusCode);
        using var secondMarketer = fixture.Client(await Users.CreateAsync(fixture, "marketing"));
        Assert.Equal(HttpStatusCode.Conflict, (await secondMarketer.PostAsync($"/api/scoring/models/{version}/approve", null)).StatusCode);
        await Task.Delay(1000);
        Assert.Equal(before, (await fixture.Gateway.GetFromJsonAsync<JsonObject>("/api/scoring/models/active"))!["version"]!.GetValue<int>());
        var lead = await fixture.WaitForLeadAsync(leadId, l => l["score"] is not null);
        Assert.Equal(before.ToString(), lead["score"]!["modelVersion"]!.GetValue<string>());

        var second = await manager.PostAsync($"/api/scoring/models/{version}/approve", null);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal("active", (await SmarketingFixture.ReadJsonAsync(second))["status"]!.GetValue<string>());

        var nowActive = await fixture.Gateway.GetFromJsonAsync<JsonObject>("/api/scoring/models/active");
        Assert.Equal(version, nowActive!["version"]!.GetValue<int>());
        var all = await fixture.Gateway.GetFromJsonAsync<JsonArray>("/api/scoring/models");
        Assert.Single(all!, m => m!["status"]!.GetValue<string>() == "active");
        Assert.Equal("retired", all!.Single(m => m!["version"]!.GetValue<int>() == before)!["status"]!.GetValue<string>());

        // The open lead is rescored in the background: its score now names the new version, with its reasons.
        var rescored = await fixture.WaitForLeadAsync(leadId,
            l => l["score"]?["modelVersion"]?.GetValue<string>() == version.ToString(), TimeSpan.FromSeconds(90));
        Assert.Equal("A", rescored["score"]!["grade"]!.GetValue<string>());
        Assert.Contains(rescored["score"]!["reasons"]!.AsArray(), r => r!["rule"]!.GetValue<string>() == "intent.budget-large");
        Assert.Equal(1L, await fixture.QueryAsync<long>("scoringdb",
            """SELECT count(*) FROM outbox_messages WHERE "MessageType" LIKE '%ScoringModelActivated' AND "Body"->>'version' = @v""",
            ("v", version.ToString())));

        var done = await WaitForAsync(async () =>
        {
            var m = await fixture.Gateway.GetFromJsonAsync<JsonObject>($"/api/scoring/models/{version}");
            return m!["rescore"]?["status"]?.GetValue<string>() == "done" ? m : null;
        });
        Assert.True(done["rescore"]!["done"]!.GetValue<int>() >= 1);
    }

    [Fact]
    public async Task A_draft_with_errors_is_refused_with_the_field_that_has_them()
    {
        using var marketer = fixture.Client(await Users.CreateAsync(fixture, "marketing"));
        var response = await marketer.PostAsJsonAsync("/api/scoring/models", new
        {
            rules = new object[]
            {
                new { id = "fit.shoes", category = "fit", points = 10, explanation = "Big feet.", when = new { field = "contact.shoeSize", gte = 44 } },
            },
            gradeCutoffs = new { A = 30, B = 50, C = 10 },
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await SmarketingFixture.ReadJsonAsync(response))["errors"]!.AsObject();
        Assert.Contains("rules[0].when.field", errors.Select(e => e.Key));
        Assert.Contains("gradeCutoffs", errors.Select(e => e.Key));
    }

    [Fact]
    public async Task A_backtest_gives_win_rates_per_grade_and_an_auc_from_stored_outcomes()
    {
        // Hot leads (grade A) mostly won, middling ones (grade C, marketing-qualified) mostly lost.
        var hot = new List<Guid>();
        var middling = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            hot.Add((await SmarketingFixture.ReadJsonAsync(await fixture.PostLeadAsync(Leads.Hot("scoring-backtest"))))["leadId"]!.GetValue<Guid>());
            middling.Add((await SmarketingFixture.ReadJsonAsync(await fixture.PostLeadAsync(Middling("scoring-backtest"))))["leadId"]!.GetValue<Guid>());
        }
        var results = new Dictionary<Guid, string>
        {
            [hot[0]] = "won", [hot[1]] = "won", [hot[2]] = "lost",
            [middling[0]] = "won", [middling[1]] = "lost", [middling[2]] = "disqualified",
        };
        foreach (var (leadId, result) in results)
        {
            await fixture.WaitForLeadAsync(leadId, l => l["owner"] is not null && l["followUps"]!.AsArray().Count > 0, TimeSpan.FromSeconds(60));
            var recorded = await fixture.Gateway.PostAsJsonAsync($"/api/leads/{leadId}/outcome",
                new { result, value = result == "won" ? 50_000_000 : (int?)null, currency = "IDR", reason = result == "won" ? null : "test" });
            Assert.Equal(HttpStatusCode.OK, recorded.StatusCode);
        }
        var middlingGrade = (await fixture.WaitForLeadAsync(middling[0], l => l["score"] is not null))["score"]!["grade"]!.GetValue<string>();

        // Scoring learns outcomes from events: wait until it holds all of ours.
        var ids = string.Join(",", results.Keys.Select(k => $"'{k}'"));
        await WaitForAsync(async () => await fixture.QueryAsync<long>("scoringdb",
            $"""SELECT count(*) FROM lead_outcomes WHERE "LeadId" IN ({ids})""") == results.Count ? "" : null);

        var version = (await fixture.Gateway.GetFromJsonAsync<JsonObject>("/api/scoring/models/active"))!["version"]!.GetValue<int>();
        using var manager = fixture.Client(await Users.CreateAsync(fixture, "sales_manager"));
        var response = await manager.PostAsync($"/api/scoring/models/{version}/backtest", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var backtest = await SmarketingFixture.ReadJsonAsync(response);
        var stored = await fixture.QueryAsync<long>("scoringdb",
            """SELECT count(*) FROM lead_scores s WHERE EXISTS (SELECT 1 FROM lead_outcomes o WHERE o."LeadId" = s."LeadId") OR EXISTS (SELECT 1 FROM lead_flags f WHERE f."LeadId" = s."LeadId")""");
        var storedWon = await fixture.QueryAsync<long>("scoringdb", """SELECT count(*) FROM lead_outcomes WHERE "Result" = 'won'""");
        Assert.Equal(stored, backtest["leads"]!.GetValue<int>());
        Assert.Equal(storedWon, backtest["won"]!.GetValue<int>());
        var grades = backtest["grades"]!.AsArray();
        Assert.Equal(["A", "B", "C", "D"], grades.Select(g => g!["grade"]!.GetValue<string>()));
        Assert.Equal(backtest["leads"]!.GetValue<int>(), grades.Sum(g => g!["count"]!.GetValue<int>()));
        foreach (var g in grades)
        {
            var count = g!["count"]!.GetValue<int>();
            if (count == 0) Assert.Null(g["winRate"]);
            else Assert.Equal((double)g["won"]!.GetValue<int>() / count, g["winRate"]!.GetValue<double>(), 6);
        }
        var a = grades.Single(g => g!["grade"]!.GetValue<string>() == "A")!;
        Assert.True(a["count"]!.GetValue<int>() >= 3);
        Assert.True(grades.Single(g => g!["grade"]!.GetValue<string>() == middlingGrade)!["count"]!.GetValue<int>() >= 3);
        Assert.InRange(backtest["auc"]!.GetValue<double>(), 0, 1);
        Assert.NotNull(backtest["liftA"]);
        Assert.Equal(version, backtest["active"]!["version"]!.GetValue<int>());
        Assert.Equal(backtest["auc"]!.GetValue<double>(), backtest["active"]!["auc"]!.GetValue<double>());

        // Too little history for a learned model is refused plainly.
        if (stored < 30)
        {
            var suggest = await manager.PostAsync("/api/scoring/models/suggest", null);
            Assert.Equal(HttpStatusCode.UnprocessableEntity, suggest.StatusCode);
            Assert.Contains("at least 30", (await SmarketingFixture.ReadJsonAsync(suggest))["detail"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task A_suggested_model_is_learned_from_stored_outcomes_and_saved_as_a_draft_that_says_how_many()
    {
        // 32 closed leads: hot ones mostly won, middling ones mostly lost.
        var leads = new List<(Guid Id, string Result)>();
        for (var i = 0; i < 16; i++)
        {
            var hotId = (await SmarketingFixture.ReadJsonAsync(await fixture.PostLeadAsync(Leads.Hot("scoring-learn"))))["leadId"]!.GetValue<Guid>();
            var midId = (await SmarketingFixture.ReadJsonAsync(await fixture.PostLeadAsync(Middling("scoring-learn"))))["leadId"]!.GetValue<Guid>();
            leads.Add((hotId, i % 4 == 0 ? "lost" : "won"));
            leads.Add((midId, i % 4 == 0 ? "won" : "lost"));
        }
        foreach (var (leadId, result) in leads)
        {
            await fixture.WaitForLeadAsync(leadId, l => l["owner"] is not null && l["followUps"]!.AsArray().Count > 0, TimeSpan.FromSeconds(90));
            Assert.Equal(HttpStatusCode.OK, (await fixture.Gateway.PostAsJsonAsync($"/api/leads/{leadId}/outcome", new { result })).StatusCode);
        }
        var ids = string.Join(",", leads.Select(l => $"'{l.Id}'"));
        await WaitForAsync(async () => await fixture.QueryAsync<long>("scoringdb",
            $"""SELECT count(*) FROM lead_outcomes WHERE "LeadId" IN ({ids})""") == leads.Count ? "" : null);

        using var marketer = fixture.Client(await Users.CreateAsync(fixture, "marketing"));
        var response = await marketer.PostAsync("/api/scoring/models/suggest", null);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var draft = await SmarketingFixture.ReadJsonAsync(response);
        Assert.Equal("draft", draft["status"]!.GetValue<string>());
        var learnedFrom = draft["learnedFrom"]!["leads"]!.GetValue<int>();
        Assert.True(learnedFrom >= leads.Count);
        Assert.Contains($"Suggested from {learnedFrom} leads", draft["description"]!.GetValue<string>());
        var rules = draft["rules"]!.AsArray();
        Assert.NotEmpty(rules);
        Assert.All(rules, r => Assert.NotEqual(0, r!["points"]!.GetValue<int>()));

        // Both sides can read it like any other version.
        var version = draft["version"]!.GetValue<int>();
        var read = await marketer.GetFromJsonAsync<JsonObject>($"/api/scoring/models/{version}");
        Assert.Equal(rules.Count, read!["rules"]!.AsArray().Count);
    }

    [Fact]
    public async Task The_owning_rep_flags_a_bad_fit_and_marketing_sees_the_flag_rate_per_campaign_and_rule()
    {
        var campaign = $"scoring-flags-{Leads.UniqueSuffix()}";
        var leadId = (await SmarketingFixture.ReadJsonAsync(await fixture.PostLeadAsync(Leads.Hot(campaign))))["leadId"]!.GetValue<Guid>();
        var lead = await fixture.WaitForLeadAsync(leadId, l => l["owner"] is not null && l["score"] is not null);
        var ownerRepId = lead["owner"]!["repId"]!.GetValue<Guid>();
        var reps = await fixture.Gateway.GetFromJsonAsync<JsonArray>("/api/sales-reps");
        var otherRepId = reps!.Select(r => r!["repId"]!.GetValue<Guid>()).First(id => id != ownerRepId);
        using var owner = fixture.Client(await Users.CreateAsync(fixture, "sales_rep", ownerRepId));
        using var otherRep = fixture.Client(await Users.CreateAsync(fixture, "sales_rep", otherRepId));

        // Scoring learns the owner from LeadAssigned: the other rep is refused as if the lead did not exist.
        var flagged = await WaitForAsync(async () =>
        {
            var r = await owner.PostAsJsonAsync($"/api/leads/{leadId}/flags", new { reason = "Reseller shopping for prices, not an advertiser." });
            return r.StatusCode == HttpStatusCode.Created ? await SmarketingFixture.ReadJsonAsync(r) : null;
        });
        Assert.Equal(HttpStatusCode.NotFound, (await otherRep.PostAsJsonAsync($"/api/leads/{leadId}/flags", new { reason = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await owner.PostAsJsonAsync($"/api/leads/{leadId}/flags", new { reason = " " })).StatusCode);
        Assert.False(string.IsNullOrEmpty(flagged["modelVersion"]!.GetValue<string>()));
        Assert.Contains("intent.budget-large", flagged["firedRules"]!.AsArray().Select(r => r!.GetValue<string>()));

        using var marketer = fixture.Client(await Users.CreateAsync(fixture, "marketing"));
        var byCampaign = await marketer.GetFromJsonAsync<JsonObject>("/api/scoring/flags?groupBy=campaign");
        var row = byCampaign!["rows"]!.AsArray().Single(r => r!["key"]!.GetValue<string>() == campaign)!;
        Assert.Equal(1, row["leads"]!.GetValue<int>());
        Assert.Equal(1, row["flagged"]!.GetValue<int>());
        Assert.Equal(1.0, row["flagRate"]!.GetValue<double>());
        var byRule = await marketer.GetFromJsonAsync<JsonObject>("/api/scoring/flags?groupBy=rule");
        var rule = byRule!["rows"]!.AsArray().Single(r => r!["key"]!.GetValue<string>() == "intent.budget-large")!;
        Assert.True(rule["flagged"]!.GetValue<int>() >= 1);
        Assert.InRange(rule["flagRate"]!.GetValue<double>(), 0.0001, 1);
        Assert.Equal(HttpStatusCode.Forbidden, (await owner.GetAsync("/api/scoring/flags?groupBy=rule")).StatusCode);
    }

    /// <summary>A company from its own domain with a specific need but no budget or timeline: marketing-qualified, grade C or B.</summary>
    private static object Middling(string campaign)
    {
        var id = Leads.UniqueSuffix();
        return new
        {
            eventId = $"form-{id}",
            source = "website-form",
            campaign,
            contact = new { name = "Sari", email = $"sari{id}@warungsari.co.id", phone = Leads.UniquePhone(), company = "Warung Sari" },
            interest = new { message = "Mau pasang baliho ukuran 4x6 untuk promosi warung" },
        };
    }

    private static async Task<T> WaitForAsync<T>(Func<Task<T?>> probe, int seconds = 60) where T : class
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            if (await probe() is { } value) return value;
            if (DateTime.UtcNow > deadline) throw new TimeoutException("The expected state was not reached in time.");
            await Task.Delay(300);
        }
    }
}
