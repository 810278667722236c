using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Npgsql;
using Smarketing.AppHost.Local;

namespace Smarketing.EndToEnd.Tests;

/// <summary>The whole platform, started once per test run through the AppHost's own app model (Aspire.Hosting.Testing).</summary>
public sealed class SmarketingFixture : IAsyncLifetime
{
    public Platform App { get; private set; } = null!;
    /// <summary>Signed in as the first admin.</summary>
    public HttpClient Gateway { get; private set; } = null!;
    /// <summary>A marketing tool: only the first-run X-Api-Key.</summary>
    public HttpClient Capture { get; private set; } = null!;

    /// <summary>An admin's access token, from a real sign-in with the first-run admin password.</summary>
    public string AdminToken { get; private set; } = "";

    public async Task InitializeAsync()
    {
        App = await Platform.StartAsync();
        AdminToken = await SignInAsync("admin@smarketing.local", App.Secrets.AdminPassword);
        Gateway = Client(AdminToken);
        Capture = Client(apiKey: App.Secrets.ApiKey);
    }

    /// <summary>A gateway client with the given bearer token and/or API key (neither: anonymous).</summary>
    public HttpClient Client(string? bearer = null, string? apiKey = null)
    {
        var client = App.CreateHttpClient("gateway");
        if (bearer is not null) client.DefaultRequestHeaders.Authorization = new("Bearer", bearer);
        if (apiKey is not null) client.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        return client;
    }

    public async Task<string> SignInAsync(string email, string password)
    {
        using var anonymous = App.CreateHttpClient("gateway");
        using var response = await anonymous.PostAsJsonAsync("/api/auth/login", new { email, password });
        response.EnsureSuccessStatusCode();
        return (await ReadJsonAsync(response))["accessToken"]!.GetValue<string>();
    }

    public async Task DisposeAsync()
    {
        Gateway?.Dispose();
        Capture?.Dispose();
        if (App is not null) await App.DisposeAsync();
    }

    public Task<HttpResponseMessage> PostLeadAsync(object lead) => Capture.PostAsJsonAsync("/api/leads", lead);

    /// <summary>Polls the read side until <paramref name="until"/> holds (it is eventually consistent), or fails with the last answer.</summary>
    public async Task<JsonNode> WaitForLeadAsync(Guid leadId, Func<JsonNode, bool> until, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(45));
        string last = "(no answer)";
        while (DateTime.UtcNow < deadline)
        {
            using var response = await Gateway.GetAsync($"/api/leads/{leadId}");
            last = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
            if (response.IsSuccessStatusCode)
            {
                var lead = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
                if (until(lead)) return lead;
            }
            await Task.Delay(250);
        }
        throw new TimeoutException($"Lead {leadId} did not reach the expected state; last answer: {last}");
    }

    /// <summary>How many consumers each queue has now, from the broker's management API.</summary>
    public async Task<IReadOnlyDictionary<string, int>> ConsumersAsync()
    {
        try
        {
            using var queues = await BrokerQueues.ForAsync((RabbitMQServerResource)App["messaging"], CancellationToken.None);
            return (await queues.ListAsync(CancellationToken.None)).ToDictionary(q => q.Name, q => q.Consumers);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            throw new InvalidOperationException($"The broker's management API did not answer: {ex.Message}", ex);
        }
    }

    /// <summary>
    /// After the broker restarted: waits until every queue has its consumers back (each service reconnects on its own
    /// back-off, up to about 12 s apart), so a test that took the broker down hands the next one a whole platform.
    /// Fails naming the queues still without them.
    /// </summary>
    public async Task WaitForConsumersAsync(IReadOnlyDictionary<string, int> before, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(90));
        var missing = new List<string>();
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                var now = await ConsumersAsync();
                missing = before.Where(q => q.Value > 0 && now.GetValueOrDefault(q.Key) < q.Value)
                    .Select(q => $"{q.Key} ({now.GetValueOrDefault(q.Key)} of {q.Value})").ToList();
                if (missing.Count == 0) return;
            }
            catch (InvalidOperationException ex)
            {
                missing = [ex.Message];
            }
            await Task.Delay(500);
        }
        throw new TimeoutException($"Queues without their consumers after the broker came back: {string.Join(", ", missing)}");
    }

    /// <summary>
    /// One scalar from a service's database. A PostgreSQL crash (the fault tests cause one) breaks every pooled
    /// connection at once: the pool is then cleared and the query tried again while the server recovers.
    /// </summary>
    public async Task<T> QueryAsync<T>(string database, string sql, params (string Name, object Value)[] parameters)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var connection = new NpgsqlConnection(App.GetConnectionString(database));
            try
            {
                await connection.OpenAsync();
                await using var command = new NpgsqlCommand(sql, connection);
                foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
                return (T)Convert.ChangeType((await command.ExecuteScalarAsync())!, typeof(T));
            }
            catch (NpgsqlException ex) when (attempt < 10 && (ex.IsTransient || ex is PostgresException { SqlState: "57P01" or "57P02" or "57P03" }))
            {
                NpgsqlConnection.ClearPool(connection);
                await Task.Delay(TimeSpan.FromSeconds(1));
            }
        }
    }

    public static async Task<JsonNode> ReadJsonAsync(HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web);
}

[CollectionDefinition(Name)]
public sealed class SmarketingCollection : ICollectionFixture<SmarketingFixture>
{
    public const string Name = "Smarketing";
}
