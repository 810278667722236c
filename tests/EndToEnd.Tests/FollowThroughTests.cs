using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Smarketing.EndToEnd.Tests;

/// <summary>Ownership and follow-through: fair routing at volume, escalation, one-tap proof of touch, pauses, recycling, restarts.</summary>
[Collection(SmarketingCollection.Name)]
[Trait("Category", "EndToEnd")]
public sealed class FollowThroughTests(SmarketingFixture fixture)
{
    private static readonly string[] EveryDay = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];

    [Fact]
    public async Task Three_hundred_qualified_leads_are_spread_by_weight_and_nobody_exceeds_capacity_with_two_assignment_replicas()
    {
        var campaign = $"fair-{Leads.UniqueSuffix()}";
        var heavy = await CreateRepAsync("heavy", weight: 3, capacity: 200);
        var middle = await CreateRepAsync("middle", weight: 2, capacity: 120);
        var light = await CreateRepAsync("light", weight: 1, capacity: 30);
        try
        {
            await PutRulesAsync(new { name = campaign, match = new { campaigns = new[] { campaign } }, pool = new[] { heavy, middle, light } });

            var batch = await fixture.Capture.PostAsJsonAsync("/api/leads/batch", new { leads = Enumerable.Range(0, 300).Select(_ => Leads.Hot(campaign)).ToArray() });
            Assert.Equal(HttpStatusCode.OK, batch.StatusCode);

            var loads = await WaitForAsync(async () =>
            {
                var reps = await Task.WhenAll(new[] { heavy, middle, light }.Select(id => fixture.Gateway.GetFromJsonAsync<JsonNode>($"/api/sales-reps/{id}")));
                return reps.Select(r => r!["openLeads"]!.GetValue<int>()).ToArray();
            }, l => l.Sum() == 300, TimeSpan.FromMinutes(4), "all 300 leads assigned");

            // Smooth weighted round robin 3:2:1 while everyone has room (180 leads: 90/60/30), then 3:2 once the light rep is full.
            Assert.Equal(30, loads[2]);
            Assert.InRange(loads[0], 159, 165);
            Assert.InRange(loads[1], 105, 111);
            Assert.True(loads[0] <= 200 && loads[1] <= 120);
            var queued = await fixture.QueryAsync<long>("assignmentdb", "SELECT count(*) FROM queued_leads");
            Assert.Equal(0, queued);
        }
        finally
        {
            await PutRulesAsync();
            foreach (var rep in new[] { heavy, middle, light }) await fixture.Gateway.PutAsJsonAsync($"/api/sales-reps/{rep}/away", new { away = true });
        }
    }

    [Fact]
    public async Task A_missed_first_touch_notifies_then_a_second_miss_reassigns_to_the_next_rep_both_on_the_timeline()
    {
        var campaign = $"escalate-{Leads.UniqueSuffix()}";
        var first = await CreateRepAsync("first", weight: 1, capacity: 50);
        var second = await CreateRepAsync("second", weight: 1, capacity: 50);
        var original = await fixture.Gateway.GetStringAsync("/api/followups/cadences");
        try
        {
            await PutCadencesAsync(c =>
            {
                foreach (var grade in c["grades"]!.AsObject()) grade.Value!["firstTouchDeadlineMinutes"] = 0.1; // six seconds
                c["businessHours"] = new JsonObject { ["start"] = "00:00", ["end"] = "24:00", ["days"] = new JsonArray(EveryDay.Select(d => (JsonNode)d).ToArray()) };
            });
            await PutRulesAsync(new { name = campaign, match = new { campaigns = new[] { campaign } }, pool = new[] { first, second } });

            var leadId = await CaptureAsync(Leads.Hot(campaign));
            var assigned = await fixture.WaitForLeadAsync(leadId, l => l["owner"] is not null);
            var firstOwner = assigned["owner"]!["repId"]!.GetValue<Guid>();

            var lead = await fixture.WaitForLeadAsync(leadId, l =>
                l["owner"]?["repId"]?.GetValue<Guid>() is { } owner && owner != firstOwner &&
                Timeline(l).Any(t => t.Type == "followup-overdue") && Timeline(l).Any(t => t.Type == "escalated"), TimeSpan.FromSeconds(90));

            var timeline = Timeline(lead);
            var overdue = timeline.First(t => t.Type == "followup-overdue");
            var escalated = timeline.First(t => t.Type == "escalated");
            var reassigned = timeline.First(t => t.Type == "assigned" && t.Summary.StartsWith("Reassigned"));
            Assert.Contains("First touch", overdue.Summary);
            Assert.Contains("first touch missed twice", escalated.Summary);
            Assert.Contains("automatic", reassigned.Summary);
            Assert.True(overdue.At <= escalated.At && escalated.At <= reassigned.At.AddSeconds(1), string.Join("\n", timeline));
            Assert.Contains(lead["owner"]!["repId"]!.GetValue<Guid>(), new[] { first, second });

            await fixture.Gateway.PostAsJsonAsync($"/api/leads/{leadId}/outcome", new { result = "disqualified", reason = "test over" });
        }
        finally
        {
            await fixture.Gateway.PutAsync("/api/followups/cadences", new StringContent(original, System.Text.Encoding.UTF8, "application/json"));
            await PutRulesAsync();
            foreach (var rep in new[] { first, second }) await fixture.Gateway.PutAsJsonAsync($"/api/sales-reps/{rep}/away", new { away = true });
        }
    }

    [Fact]
    public async Task A_tapped_whatsapp_link_records_the_touch_then_redirects_and_the_reply_logged_after_it_pauses_the_cadence()
    {
        var campaign = $"tap-{Leads.UniqueSuffix()}";
        var rep = await CreateRepAsync("tapper", weight: 1, capacity: 50);
        using var repClient = fixture.Client(await Users.CreateAsync(fixture, "sales_rep", rep));
        try
        {
            await PutRulesAsync(new { name = campaign, match = new { campaigns = new[] { campaign } }, pool = new[] { rep } });
            var leadId = await CaptureAsync(Leads.Hot(campaign, phone: "0812-7777-1234"));
            await fixture.WaitForLeadAsync(leadId, l => l["owner"] is not null && l["followUps"]!.AsArray().Count >= 5);

            var until = Uri.EscapeDataString(DateTimeOffset.UtcNow.AddDays(30).ToString("O"));
            var due = await WaitForAsync(async () => (await repClient.GetFromJsonAsync<JsonArray>($"/api/followups/due?owner=me&until={until}"))!,
                list => list.Any(t => t!["leadId"]!.GetValue<Guid>() == leadId && t["lead"]!["name"] is not null && t["lead"]!["grade"] is not null),
                TimeSpan.FromSeconds(30), "the lead's steps with its name and grade in the rep's due list");
            var steps = due.Where(t => t!["leadId"]!.GetValue<Guid>() == leadId).ToList();
            Assert.Equal(1, steps[0]!["step"]!.GetValue<int>());
            Assert.Equal("Budi Santoso", steps[0]!["lead"]!["name"]!.GetValue<string>());
            Assert.NotEmpty(steps[0]!["lead"]!["reasons"]!.AsArray());
            var whatsappStep = steps.First(t => t!["channel"]!.GetValue<string>() == "whatsapp");
            Assert.Contains("Budi", whatsappStep!["message"]!.GetValue<string>());
            var link = steps[0]!["links"]!["whatsapp"]!.GetValue<string>();
            Assert.StartsWith("/api/followups/go/", link);

            // The rep's tap: the web app's session cookie, which the gateway turns into this bearer token.
            using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = fixture.Gateway.BaseAddress };
            browser.DefaultRequestHeaders.Authorization = repClient.DefaultRequestHeaders.Authorization;
            var tampered = link[..^3] + (link[^3] == 'A' ? "B" : "A") + link[^2..];
            Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync(tampered)).StatusCode);
            var tap = await browser.GetAsync(link);
            Assert.Equal(HttpStatusCode.Redirect, tap.StatusCode);
            Assert.StartsWith("https://wa.me/6281277771234", tap.Headers.Location!.ToString());

            var touched = await fixture.WaitForLeadAsync(leadId, l => l["activities"]!.AsArray().Count == 1 &&
                l["followUps"]!.AsArray().Any(f => f!["step"]!.GetValue<int>() == 1 && f["status"]!.GetValue<string>() == "done"));
            Assert.Contains(Timeline(touched), t => t.Summary.Contains("Tapped whatsapp link"));

            var reply = await repClient.PostAsJsonAsync($"/api/leads/{leadId}/activities", new { type = "whatsapp", outcome = "replied", notes = "Minta penawaran" });
            Assert.Equal(HttpStatusCode.Created, reply.StatusCode);
            var logged = await SmarketingFixture.ReadJsonAsync(reply);
            Assert.Equal("click", logged["proof"]!.GetValue<string>());
            Assert.NotNull(logged["pausedUntil"]);
            Assert.Equal(touched["activities"]![0]!["activityId"]!.GetValue<Guid>(), logged["activityId"]!.GetValue<Guid>());
            var nextDue = logged["nextStep"]!["dueAt"]!.GetValue<DateTime>();
            Assert.True(nextDue >= logged["pausedUntil"]!.GetValue<DateTime>().AddSeconds(-1), $"next step due {nextDue:O} inside the pause");

            // Still one touch, now with its outcome; and the step after it is untouched.
            var after = await fixture.WaitForLeadAsync(leadId, l => l["activities"]!.AsArray().Count == 1 &&
                l["activities"]![0]!["outcome"]!.GetValue<string>() == "replied");
            Assert.Single(after["followUps"]!.AsArray(), f => f!["status"]!.GetValue<string>() == "done");
        }
        finally
        {
            await PutRulesAsync();
            await fixture.Gateway.PutAsJsonAsync($"/api/sales-reps/{rep}/away", new { away = true });
        }
    }

    [Fact]
    public async Task A_won_outcome_cancels_every_pending_step()
    {
        var leadId = await CaptureAsync(Leads.Hot($"won-{Leads.UniqueSuffix()}"));
        await fixture.WaitForLeadAsync(leadId, l => l["owner"] is not null && l["followUps"]!.AsArray().Count >= 5);

        var won = await fixture.Gateway.PostAsJsonAsync($"/api/leads/{leadId}/outcome", new { result = "won", value = 75_000_000, currency = "IDR" });
        Assert.Equal(HttpStatusCode.OK, won.StatusCode);

        var lead = await fixture.WaitForLeadAsync(leadId, l => l["status"]!.GetValue<string>() == "won" &&
            l["followUps"]!.AsArray().All(f => f!["status"]!.GetValue<string>() is "cancelled" or "done"));
        Assert.Contains(lead["followUps"]!.AsArray(), f => f!["status"]!.GetValue<string>() == "cancelled");
        var pending = await fixture.QueryAsync<long>("followupdb",
            "SELECT count(*) FROM followup_tasks WHERE \"LeadId\" = @lead AND \"Status\" IN ('pending', 'overdue')", ("lead", leadId));
        Assert.Equal(0, pending);
        var due = await fixture.Gateway.GetFromJsonAsync<JsonArray>($"/api/followups/due?until={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddDays(60).ToString("O"))}&limit=1000");
        Assert.DoesNotContain(due!, t => t!["leadId"]!.GetValue<Guid>() == leadId);
    }

    [Fact]
    public async Task Steps_that_come_due_while_the_follow_up_service_is_down_fire_once_after_it_restarts()
    {
        var campaign = $"restart-{Leads.UniqueSuffix()}";
        var original = await fixture.Gateway.GetStringAsync("/api/followups/cadences");
        var leadIds = new List<Guid>();
        try
        {
            await PutCadencesAsync(c =>
            {
                c["businessHours"] = new JsonObject { ["start"] = "00:00", ["end"] = "24:00", ["days"] = new JsonArray(EveryDay.Select(d => (JsonNode)d).ToArray()) };
                foreach (var grade in c["grades"]!.AsObject())
                {
                    var steps = grade.Value!["steps"]!.AsArray();
                    for (var i = 0; i < steps.Count; i++) steps[i]!["offsetDays"] = i * 0.0001; // about 9 s apart
                }
            });
            for (var i = 0; i < 5; i++) leadIds.Add(await CaptureAsync(Leads.Hot(campaign)));
            foreach (var id in leadIds) await fixture.WaitForLeadAsync(id, l => l["followUps"]!.AsArray().Count >= 5);

            await fixture.App.StopResourceAsync("followup");
            await Task.Delay(TimeSpan.FromSeconds(15)); // steps come due meanwhile
            await fixture.App.StartResourceAsync("followup");

            var ids = string.Join(",", leadIds.Select(id => $"'{id}'"));
            await WaitForAsync(() => fixture.QueryAsync<long>("followupdb",
                    $"SELECT count(*) FROM followup_tasks WHERE \"LeadId\" IN ({ids}) AND \"DueNotifiedAt\" IS NULL AND \"Status\" = 'pending'"),
                n => n == 0, TimeSpan.FromSeconds(90), "every step announced due");

            var tasks = await fixture.QueryAsync<long>("followupdb", $"SELECT count(*) FROM followup_tasks WHERE \"LeadId\" IN ({ids})");
            var announcements = await fixture.QueryAsync<long>("followupdb",
                $"SELECT count(*) FROM outbox_messages WHERE \"MessageType\" LIKE '%FollowUpDue' AND (\"Body\"->>'leadId') IN ({ids})");
            var distinct = await fixture.QueryAsync<long>("followupdb",
                $"SELECT count(DISTINCT \"Body\"->>'taskId') FROM outbox_messages WHERE \"MessageType\" LIKE '%FollowUpDue' AND (\"Body\"->>'leadId') IN ({ids})");
            var early = await fixture.QueryAsync<long>("followupdb",
                $"SELECT count(*) FROM followup_tasks WHERE \"LeadId\" IN ({ids}) AND \"DueNotifiedAt\" < \"DueAt\"");
            Assert.True(tasks >= 25, $"{tasks} steps");
            Assert.Equal(tasks, announcements);
            Assert.Equal(tasks, distinct);
            Assert.Equal(0, early);
        }
        finally
        {
            await fixture.Gateway.PutAsync("/api/followups/cadences", new StringContent(original, System.Text.Encoding.UTF8, "application/json"));
            foreach (var id in leadIds) await fixture.Gateway.PostAsJsonAsync($"/api/leads/{id}/outcome", new { result = "disqualified", reason = "test over" });
        }
    }

    [Fact]
    public async Task A_lead_lost_for_budget_returns_to_nurture_and_its_next_touch_reopens_it_with_a_new_cadence()
    {
        var original = await fixture.Gateway.GetStringAsync("/api/followups/cadences");
        try
        {
            await PutCadencesAsync(c => c["recycleAfterDays"] = 0.0001); // about nine seconds
            var phone = Leads.UniquePhone();
            var campaign = $"recycle-{Leads.UniqueSuffix()}";
            var leadId = await CaptureAsync(Leads.Hot(campaign, phone));
            await fixture.WaitForLeadAsync(leadId, l => l["owner"] is not null && l["followUps"]!.AsArray().Count >= 5);

            var lost = await fixture.Gateway.PostAsJsonAsync($"/api/leads/{leadId}/outcome", new { result = "lost", reason = "budget belum ada tahun ini" });
            Assert.Equal(HttpStatusCode.OK, lost.StatusCode);
            Assert.NotNull((await SmarketingFixture.ReadJsonAsync(lost))["recycleAt"]);

            var nurtured = await fixture.WaitForLeadAsync(leadId, l => l["status"]!.GetValue<string>() == "nurture", TimeSpan.FromSeconds(60));
            Assert.Contains(Timeline(nurtured), t => t.Type == "recycled" && t.Summary.Contains("budget"));

            // Ingestion reopens the lead when the same event reaches it; from then on the contact's next touch merges into it.
            await WaitForAsync(() => fixture.QueryAsync<bool>("ingestiondb", "SELECT \"IsOpen\" FROM leads WHERE \"Id\" = @id", ("id", leadId)),
                open => open, TimeSpan.FromSeconds(30), "ingestion to reopen the recycled lead");
            Assert.Equal(leadId, await CaptureAsync(Leads.Hot(campaign, phone)));
            var reopened = await fixture.WaitForLeadAsync(leadId, l => l["owner"] is not null && l["status"]!.GetValue<string>() != "nurture" &&
                l["followUps"]!.AsArray().Count(f => f!["status"]!.GetValue<string>() == "pending" || f["status"]!.GetValue<string>() == "overdue") >= 5,
                TimeSpan.FromSeconds(60));
            Assert.Null(reopened["outcome"]);
        }
        finally
        {
            await fixture.Gateway.PutAsync("/api/followups/cadences", new StringContent(original, System.Text.Encoding.UTF8, "application/json"));
        }
    }

    [Fact]
    public async Task Cadences_and_holidays_are_validated_and_only_the_right_roles_change_them()
    {
        var before = await fixture.Gateway.GetStringAsync("/api/followups/cadences");
        var bad = JsonNode.Parse(before)!;
        bad["grades"]!["A"]!["steps"] = new JsonArray(bad["grades"]!["A"]!["steps"]!.AsArray().Take(3).Select(s => s!.DeepClone()).ToArray());
        bad["grades"]!["B"]!["steps"]![1]!["channel"] = "fax";

        var refused = await fixture.Gateway.PutAsync("/api/followups/cadences", new StringContent(bad.ToJsonString(), System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var errors = (await SmarketingFixture.ReadJsonAsync(refused))["errors"]!.AsObject();
        Assert.True(errors.ContainsKey("grades.A.steps"), errors.ToJsonString());
        Assert.True(errors.ContainsKey("grades.B.steps[1].channel"), errors.ToJsonString());
        Assert.Equal(before, await fixture.Gateway.GetStringAsync("/api/followups/cadences"));

        var repId = await CreateRepAsync("reader", weight: 1, capacity: 1);
        await fixture.Gateway.PutAsJsonAsync($"/api/sales-reps/{repId}/away", new { away = true });
        using var rep = fixture.Client(await Users.CreateAsync(fixture, "sales_rep", repId));
        Assert.Equal(HttpStatusCode.Forbidden, (await rep.PutAsync("/api/followups/cadences", new StringContent(before, System.Text.Encoding.UTF8, "application/json"))).StatusCode);
        using var manager = fixture.Client(await Users.CreateAsync(fixture, "sales_manager"));
        Assert.Equal(HttpStatusCode.Forbidden, (await manager.PutAsJsonAsync("/api/followups/holidays/2031", new[] { new { date = "2031-01-01", name = "Tahun Baru" } })).StatusCode);

        var wrongYear = await fixture.Gateway.PutAsJsonAsync("/api/followups/holidays/2031", new[] { new { date = "2030-12-25", name = "Natal" } });
        Assert.Equal(HttpStatusCode.BadRequest, wrongYear.StatusCode);
        var saved = await fixture.Gateway.PutAsJsonAsync("/api/followups/holidays/2031",
            new[] { new { date = "2031-01-01", name = "Tahun Baru Masehi" }, new { date = "2031-08-17", name = "Hari Kemerdekaan" } });
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        var listed = await manager.GetFromJsonAsync<JsonArray>("/api/followups/holidays?year=2031");
        Assert.Equal(["2031-01-01", "2031-08-17"], listed!.Select(h => h!["date"]!.GetValue<string>()));
        await fixture.Gateway.PutAsJsonAsync("/api/followups/holidays/2031", Array.Empty<object>());
    }

    private sealed record Line(DateTime At, string Type, string Summary)
    {
        public override string ToString() => $"{At:HH:mm:ss.fff} {Type}: {Summary}";
    }

    private static List<Line> Timeline(JsonNode lead) => lead["timeline"]!.AsArray()
        .Select(t => new Line(t!["at"]!.GetValue<DateTime>(), t["type"]!.GetValue<string>(), t["summary"]!.GetValue<string>())).ToList();

    private async Task<Guid> CaptureAsync(object lead)
    {
        var response = await fixture.Capture.PostAsJsonAsync("/api/leads", lead);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await SmarketingFixture.ReadJsonAsync(response))["leadId"]!.GetValue<Guid>();
    }

    private async Task PutCadencesAsync(Action<JsonNode> change)
    {
        var document = JsonNode.Parse(await fixture.Gateway.GetStringAsync("/api/followups/cadences"))!;
        change(document);
        var response = await fixture.Gateway.PutAsync("/api/followups/cadences",
            new StringContent(document.ToJsonString(), System.Text.Encoding.UTF8, "application/json"));
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    private async Task PutRulesAsync(params object[] rules)
    {
        var response = await fixture.Gateway.PutAsJsonAsync("/api/assignment/rules", new { rules, fallbackPool = Array.Empty<Guid>() });
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    private async Task<Guid> CreateRepAsync(string label, int weight, int capacity)
    {
        var created = await fixture.Gateway.PostAsJsonAsync("/api/sales-reps", new
        {
            name = $"Rep {label} {Leads.UniqueSuffix()}", email = $"{label}{Leads.UniqueSuffix()}@smarketing.local", capacity, weight,
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await SmarketingFixture.ReadJsonAsync(created))["repId"]!.GetValue<Guid>();
    }

    private static async Task<T> WaitForAsync<T>(Func<Task<T>> read, Func<T, bool> until, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        T last = default!;
        while (DateTime.UtcNow < deadline)
        {
            last = await read();
            if (until(last)) return last;
            await Task.Delay(500);
        }
        throw new TimeoutException($"Waited {timeout.TotalSeconds:0} s for {what}; last: {JsonSerializer.Serialize(last)}");
    }
}
