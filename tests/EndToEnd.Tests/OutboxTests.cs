using System.Net;

namespace Smarketing.EndToEnd.Tests;

[Collection(SmarketingCollection.Name)]
[Trait("Category", "EndToEnd")]
public sealed class OutboxTests(SmarketingFixture fixture)
{
    /// <summary>
    /// The broker is stopped first, so the lead's event provably cannot have left before the crash: the 202
    /// rests on the PostgreSQL commit alone, and the outbox relay of the restarted process delivers it.
    /// </summary>
    [Fact]
    public async Task Killing_ingestion_right_after_a_202_loses_no_lead()
    {
        var consumers = await fixture.ConsumersAsync();
        await fixture.App.StopResourceAsync("messaging");
        Guid leadId;
        try
        {
            var response = await fixture.PostLeadAsync(Leads.Hot("outbox-crash"));
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            leadId = (await SmarketingFixture.ReadJsonAsync(response))["leadId"]!.GetValue<Guid>();
            await fixture.App.KillAsync("ingestion");

            Assert.Equal(1L, await fixture.QueryAsync<long>("ingestiondb",
                """SELECT count(*) FROM outbox_messages WHERE "Body"->>'leadId' = @lead AND "SentAt" IS NULL""", ("lead", leadId.ToString())));
        }
        finally
        {
            await fixture.App.StartResourceAsync("messaging");
        }
        await fixture.App.StartResourceAsync("ingestion");

        var lead = await fixture.WaitForLeadAsync(leadId, l => l["owner"] is not null && l["score"] is not null, TimeSpan.FromSeconds(90));
        Assert.Equal("A", lead["score"]!["grade"]!.GetValue<string>());
        // The row is marked sent once the broker confirms the publish, and RabbitMQ may deliver a persistent message
        // (and the pipeline assign the lead) before it confirms it: the mark follows within moments, not necessarily first.
        var unsent = -1L;
        for (var deadline = DateTime.UtcNow.AddSeconds(30); DateTime.UtcNow < deadline; await Task.Delay(200))
        {
            unsent = await fixture.QueryAsync<long>("ingestiondb",
                """SELECT count(*) FROM outbox_messages WHERE "Body"->>'leadId' = @lead AND "SentAt" IS NULL""", ("lead", leadId.ToString()));
            if (unsent == 0) break;
        }
        Assert.Equal(0L, unsent);
        await fixture.WaitForConsumersAsync(consumers);
    }
}
