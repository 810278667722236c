using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;

namespace Smarketing.EndToEnd.Tests;

[Collection(SmarketingCollection.Name)]
[Trait("Category", "EndToEnd")]
public sealed class LeadTraceTests(SmarketingFixture fixture)
{
    /// <summary>
    /// Each hop publishes through its outbox, later, from the relay's loop; the row keeps the traceparent of the
    /// request or consumer that wrote it, so every service's event for the lead belongs to the caller's trace.
    /// </summary>
    [Fact]
    public async Task A_leads_path_from_the_gateway_to_reporting_is_one_trace()
    {
        var traceId = ActivityTraceId.CreateRandom().ToHexString();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/leads") { Content = JsonContent.Create(Leads.Hot("trace")) };
        request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom().ToHexString()}-01");

        using var response = await fixture.Capture.SendAsync(request);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var leadId = (await SmarketingFixture.ReadJsonAsync(response))["leadId"]!.GetValue<Guid>();
        await fixture.WaitForLeadAsync(leadId, l => l["owner"] is not null && l["followUps"]!.AsArray().Count >= 5);

        // The first event of each kind for the lead is the one this request caused (later ones may come from
        // background jobs: rescoring, due follow-ups), so that is the one that must carry the trace.
        (string Database, string Event)[] hops =
        [
            ("ingestiondb", "LeadReceived"), ("scoringdb", "LeadScored"), ("assignmentdb", "LeadAssigned"),
            ("followupdb", "FollowUpScheduled"), ("reportingdb", "LeadViewChanged"),
        ];
        foreach (var (database, name) in hops)
        {
            var traceParents = (await fixture.QueryAsync<string>(database, """
                SELECT coalesce(string_agg(coalesce("TraceParent", '(none)'), ' ' ORDER BY "Id"), '')
                FROM outbox_messages WHERE "MessageType" = @type AND "Body"->>'leadId' = @lead
                """, ("type", $"Smarketing.Contracts.{name}"), ("lead", leadId.ToString())))
                .Split(' ', StringSplitOptions.RemoveEmptyEntries);

            Assert.True(traceParents.Length > 0, $"{database} has no {name} for lead {leadId}");
            Assert.True(traceParents[0].StartsWith($"00-{traceId}-") && traceParents[0].EndsWith("-01"),
                $"{name} in {database} should continue trace {traceId}; its rows carry: {string.Join(", ", traceParents)}");
        }
    }
}
