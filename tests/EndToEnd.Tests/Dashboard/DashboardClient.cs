using System.Net;
using System.Text.Json.Nodes;

namespace Smarketing.EndToEnd.Tests.Dashboard;

/// <summary>An ops engineer's browser session on the AppHost's dashboard, signed in with the per-run token it printed.</summary>
internal sealed class DashboardClient : IDisposable
{
    private readonly HttpClient _http;

    private DashboardClient(HttpClient http) => _http = http;

    public static async Task<DashboardClient> SignInAsync(SmarketingFixture fixture)
    {
        var dashboard = fixture.App.Dashboard ?? throw new InvalidOperationException("The app model was started without its dashboard.");
        var http = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false })
        {
            BaseAddress = new Uri(dashboard.Url),
            Timeout = TimeSpan.FromMinutes(3),
        };
        using var login = await http.GetAsync(dashboard.LoginUrl);
        if (login.StatusCode != HttpStatusCode.Redirect) throw new InvalidOperationException($"Sign-in answered {(int)login.StatusCode}.");
        return new DashboardClient(http);
    }

    public HttpClient Http => _http;

    public async Task<JsonNode> GetJsonAsync(string path)
    {
        using var response = await _http.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"GET {path} answered {(int)response.StatusCode}: {body}");
        return JsonNode.Parse(body)!;
    }

    /// <summary>Null while the thing does not exist yet (404), e.g. an error queue before its first failed message.</summary>
    public async Task<JsonNode?> FindJsonAsync(string path)
    {
        using var response = await _http.GetAsync(path);
        if (response.StatusCode == HttpStatusCode.NotFound) return null;
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"GET {path} answered {(int)response.StatusCode}: {body}");
        return JsonNode.Parse(body)!;
    }

    /// <summary>A GET whatever its answer: status, body and media type (a refusal is problem+json).</summary>
    public async Task<(HttpStatusCode Status, JsonNode? Body, string? MediaType)> GetAsync(string path)
    {
        using var response = await _http.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, body.Length == 0 ? null : JsonNode.Parse(body), response.Content.Headers.ContentType?.MediaType);
    }

    public async Task<(HttpStatusCode Status, JsonNode? Body)> PostAsync(string path)
    {
        using var response = await _http.PostAsync(path, null);
        var body = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, body.Length == 0 ? null : JsonNode.Parse(body));
    }

    public Task<JsonNode> ResourceAsync(string name) => GetJsonAsync($"/api/resources/{name}");

    /// <summary>Polls a resource until <paramref name="until"/> holds, or fails with its last view.</summary>
    public async Task<JsonNode> WaitForResourceAsync(string name, Func<JsonNode, bool> until, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        JsonNode last;
        do
        {
            last = await ResourceAsync(name);
            if (until(last)) return last;
            await Task.Delay(200);
        }
        while (DateTime.UtcNow < deadline);
        throw new TimeoutException($"{name} did not reach the expected state within {timeout}; last: {last.ToJsonString()}");
    }

    public void Dispose() => _http.Dispose();
}
