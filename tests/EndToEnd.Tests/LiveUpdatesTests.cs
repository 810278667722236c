using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Smarketing.EndToEnd.Tests;

/// <summary>The gateway's server-sent events: a rep's screen hears about their own new lead, and only theirs.</summary>
[Collection(SmarketingCollection.Name)]
[Trait("Category", "EndToEnd")]
public sealed class LiveUpdatesTests(SmarketingFixture fixture)
{
    [Fact]
    public async Task A_rep_hears_of_a_lead_assigned_to_them_and_another_rep_does_not()
    {
        var suffix = Leads.UniqueSuffix();
        var campaign = $"live-{suffix}";
        var mine = await CreateRepAsync($"Live Rep {suffix}");
        var other = await CreateRepAsync($"Other Rep {suffix}");
        try
        {
            await PutRulesAsync(new { name = campaign, match = new { campaigns = new[] { campaign } }, pool = new[] { mine } });
            using var myClient = fixture.Client(await Users.CreateAsync(fixture, "sales_rep", mine));
            using var otherClient = fixture.Client(await Users.CreateAsync(fixture, "sales_rep", other));
            using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await using var myStream = await EventStream.OpenAsync(myClient, cancel.Token);
            await using var otherStream = await EventStream.OpenAsync(otherClient, cancel.Token);

            var leadId = (await SmarketingFixture.ReadJsonAsync(await fixture.PostLeadAsync(Leads.Hot(campaign))))["leadId"]!.GetValue<Guid>();

            // The screens re-read on any event about the lead; the read side names the owner in it.
            ServerEvent owned;
            try
            {
                owned = await myStream.NextAsync(e => e.Name is "lead-assigned" or "lead-updated" &&
                    e.Data["leadId"]!.GetValue<Guid>() == leadId && e.Data["repId"]?.GetValue<Guid>() == mine, cancel.Token);
            }
            catch (TimeoutException ex)
            {
                var lead = await fixture.Gateway.GetStringAsync($"/api/leads/{leadId}");
                throw new TimeoutException($"{ex.Message}\nthe lead now: {lead}\n--- gateway log ---\n" +
                    string.Join("\n", fixture.App.Logs("gateway").TakeLast(40)), ex);
            }
            Assert.Equal(mine, owned.Data["repId"]!.GetValue<Guid>());
            // The read side had already changed when the push came: the rep's list shows the lead at once.
            var list = await myClient.GetFromJsonAsync<JsonObject>("/api/leads?owner=me");
            Assert.Contains(list!["items"]!.AsArray(), i => i!["leadId"]!.GetValue<Guid>() == leadId);
            // Its follow-up plan arrives on the stream too.
            await myStream.NextAsync(e => e.Name == "followup-scheduled" && e.Data["leadId"]!.GetValue<Guid>() == leadId, cancel.Token);

            Assert.DoesNotContain(otherStream.Received, e => e.Data["leadId"]?.GetValue<Guid>() == leadId);
        }
        finally
        {
            await PutRulesAsync();
            await fixture.Gateway.PutAsJsonAsync($"/api/sales-reps/{mine}/away", new { away = true });
            await fixture.Gateway.PutAsJsonAsync($"/api/sales-reps/{other}/away", new { away = true });
        }
    }

    [Fact]
    public async Task The_stream_needs_a_signed_in_staff_member_and_takes_the_token_from_the_query_for_browsers()
    {
        using var anonymous = fixture.Client();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/events/stream", HttpCompletionOption.ResponseHeadersRead)).StatusCode);

        var token = await Users.CreateAsync(fixture, "marketing");
        using var response = await anonymous.GetAsync($"/api/events/stream?access_token={Uri.EscapeDataString(token)}", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
    }

    private async Task<Guid> CreateRepAsync(string name)
    {
        using var created = await fixture.Gateway.PostAsJsonAsync("/api/sales-reps", new
        {
            name, email = $"live{Leads.UniqueSuffix()}@smarketing.local", capacity = 20, weight = 1,
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await SmarketingFixture.ReadJsonAsync(created))["repId"]!.GetValue<Guid>();
    }

    private async Task PutRulesAsync(params object[] rules)
    {
        using var response = await fixture.Gateway.PutAsJsonAsync("/api/assignment/rules", new { rules, fallbackPool = Array.Empty<Guid>() });
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    private sealed record ServerEvent(string Name, JsonObject Data);

    /// <summary>Reads a text/event-stream in the background and keeps every event it saw.</summary>
    private sealed class EventStream : IAsyncDisposable
    {
        private readonly HttpResponseMessage _response;
        private readonly Task _reading;
        private readonly CancellationTokenSource _stop = new();
        public List<ServerEvent> Received { get; } = [];

        private EventStream(HttpResponseMessage response)
        {
            _response = response;
            _reading = Task.Run(ReadAsync);
        }

        public static async Task<EventStream> OpenAsync(HttpClient client, CancellationToken ct)
        {
            var response = await client.GetAsync("/api/events/stream", HttpCompletionOption.ResponseHeadersRead, ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var stream = new EventStream(response);
            // The subscription exists once the first comment arrived.
            await stream.NextAsync(e => e.Name == ":", ct);
            return stream;
        }

        public async Task<ServerEvent> NextAsync(Func<ServerEvent, bool> match, CancellationToken ct)
        {
            while (true)
            {
                lock (Received)
                {
                    var found = Received.FirstOrDefault(match);
                    if (found is not null) return found;
                }
                if (_reading.IsCompleted) throw new InvalidOperationException("The event stream ended.");
                try
                {
                    await Task.Delay(100, ct);
                }
                catch (OperationCanceledException)
                {
                    lock (Received)
                        throw new TimeoutException("No matching event; received: " +
                            string.Join(" | ", Received.Where(e => e.Name != ":").Select(e => $"{e.Name} {e.Data.ToJsonString()}")));
                }
            }
        }

        private async Task ReadAsync()
        {
            using var reader = new StreamReader(await _response.Content.ReadAsStreamAsync(_stop.Token));
            string? name = null;
            while (await reader.ReadLineAsync(_stop.Token) is { } line)
            {
                if (line.StartsWith(':'))
                {
                    lock (Received) Received.Add(new ServerEvent(":", []));
                }
                else if (line.StartsWith("event: ", StringComparison.Ordinal)) name = line[7..];
                else if (line.StartsWith("data: ", StringComparison.Ordinal) && name is not null)
                {
                    lock (Received) Received.Add(new ServerEvent(name, JsonNode.Parse(line[6..])!.AsObject()));
                    name = null;
                }
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            _response.Dispose();
            try { await _reading; } catch (Exception) { /* closed */ }
        }
    }
}
