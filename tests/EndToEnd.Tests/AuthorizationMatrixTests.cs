using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace Smarketing.EndToEnd.Tests;

/// <summary>
/// Every route × every caller × owner/not-owner, from the route tables the running processes log at startup
/// (ServiceDefaults' RouteTable): a route the code maps without a rule here fails the test, and each rule is tried
/// with a real request through the gateway. Bodies are malformed JSON unless a rule needs a valid one: authorization
/// runs before binding, so only the auth outcome matters and nothing is changed.
/// </summary>
[Collection(SmarketingCollection.Name)]
[Trait("Category", "EndToEnd")]
public sealed partial class AuthorizationMatrixTests(SmarketingFixture fixture, ITestOutputHelper output)
{
    private const string Admin = "admin", Marketing = "marketing", Manager = "sales_manager", Rep = "sales_rep";
    private const string Tool = "capture_tool", Anonymous = "anonymous";
    private static readonly string[] Callers = [Admin, Marketing, Manager, Rep, Tool, Anonymous];
    private static readonly string[] Services = ["ingestion", "scoring", "assignment", "followup", "reporting"];

    /// <summary>Who owns what a sales rep may touch: a lead (404 to other reps, as an unknown one) or their own roster record (403).</summary>
    private enum Owned { Nothing, Lead, RepRecord }

    /// <summary>
    /// Allowed callers for one route. Proxied: a gateway route that only forwards (the service behind decides).
    /// Direct: not exposed through the gateway, so it is called on the process itself. OwnerBody: a valid body for the
    /// owner/not-owner requests (ownership is checked in the handler, after validation).
    /// </summary>
    private sealed record Rule(string[] Allowed, Owned Owned = Owned.Nothing, bool Proxied = false, bool Direct = false, object? OwnerBody = null)
    {
        public bool Allows(string caller) => Allowed.Contains(caller);
    }

    private static readonly Rule Anyone = new(Callers);
    private static readonly Rule Health = Anyone with { Direct = true };
    private static readonly Rule Forwarded = new([], Proxied: true);
    private static readonly Rule Capture = new([Admin, Marketing, Tool]);
    private static readonly Rule Staff = new([Admin, Marketing, Manager, Rep]);
    private static readonly Rule Sales = new([Admin, Manager, Rep]);
    private static readonly Rule Insight = new([Admin, Marketing, Manager]);
    private static readonly Rule Managers = new([Admin, Manager]);
    private static readonly Rule Admins = new([Admin]);

    /// <summary>From API.md: "resource METHOD route pattern" (as the process logs it) → who may call it.</summary>
    private static readonly Dictionary<string, Rule> Expected = new()
    {
        ["ingestion POST /api/leads/"] = Capture,
        ["ingestion POST /api/leads/batch"] = Capture,
        ["ingestion POST /api/traffic/"] = Capture,

        ["scoring GET /api/scoring/models/"] = Staff,
        ["scoring GET /api/scoring/models/active"] = Staff,
        ["scoring GET /api/scoring/models/{version:int}"] = Staff,
        ["scoring POST /api/scoring/models/"] = Insight,
        ["scoring POST /api/scoring/models/{version:int}/approve"] = Insight,
        ["scoring POST /api/scoring/models/{version:int}/backtest"] = Insight,
        ["scoring POST /api/scoring/models/suggest"] = Insight,
        ["scoring GET /api/scoring/flags"] = Insight,
        ["scoring POST /api/leads/{leadId:guid}/flags"] = Sales with { Owned = Owned.Lead, OwnerBody = new { reason = "authorization matrix: not a fit" } },

        ["assignment GET /api/sales-reps/"] = Staff,
        ["assignment GET /api/sales-reps/{repId:guid}"] = Staff,
        ["assignment POST /api/sales-reps/"] = Managers,
        ["assignment PUT /api/sales-reps/{repId:guid}"] = Managers,
        ["assignment DELETE /api/sales-reps/{repId:guid}"] = Managers,
        // Checked in the handler (a rep flips only their own switch): it needs a valid body in every request.
        ["assignment PUT /api/sales-reps/{repId:guid}/away"] = Sales with { Owned = Owned.RepRecord, OwnerBody = new { away = false } },
        ["assignment GET /api/assignment/rules/"] = Staff,
        ["assignment PUT /api/assignment/rules/"] = Managers,
        ["assignment POST /api/leads/{leadId:guid}/reassign"] = Managers,

        ["followup GET /api/followups/due"] = Staff,
        ["followup GET /api/followups/go/{token}"] = Sales,
        ["followup GET /api/followups/cadences"] = Staff,
        ["followup PUT /api/followups/cadences"] = Managers,
        ["followup GET /api/followups/holidays"] = Staff,
        ["followup PUT /api/followups/holidays/{year:int}"] = Admins,
        ["followup POST /api/leads/{leadId:guid}/activities"] = Sales with { Owned = Owned.Lead, OwnerBody = new { type = "note", notes = "authorization matrix" } },
        ["followup POST /api/leads/{leadId:guid}/outcome"] = Sales with { Owned = Owned.Lead, OwnerBody = new { result = "lost", reason = "authorization matrix" } },

        ["reporting GET /api/leads/"] = Staff,
        ["reporting GET /api/leads/{leadId:guid}"] = Staff with { Owned = Owned.Lead },
        ["reporting GET /api/reports/funnel"] = Insight,
        ["reporting GET /api/reports/speed-to-lead"] = Insight,
        ["reporting GET /api/reports/follow-up"] = Insight,
        ["reporting GET /api/reports/black-hole"] = Insight,
        ["reporting GET /api/reports/scoring"] = Insight,
        ["reporting GET /api/reports/attribution"] = Insight,
        ["reporting POST /api/reports/rebuild/"] = Admins,
        ["reporting GET /api/reports/rebuild/"] = Admins,

        ["gateway POST /api/auth/login"] = Anyone,
        ["gateway POST /api/auth/refresh"] = Anyone,
        ["gateway POST /api/auth/logout"] = Anyone,
        ["gateway POST /api/auth/accept-invite"] = Anyone,
        ["gateway GET /api/auth/me"] = Staff,
        ["gateway GET /api/auth/session"] = Staff,
        ["gateway GET /api/auth/users/"] = Admins,
        ["gateway POST /api/auth/users/"] = Admins,
        ["gateway PUT /api/auth/users/{userId:guid}/role"] = Admins,
        ["gateway POST /api/auth/users/{userId:guid}/deactivate"] = Admins,
        ["gateway GET /api/auth/api-keys/"] = Admins,
        ["gateway POST /api/auth/api-keys/"] = Admins,
        ["gateway DELETE /api/auth/api-keys/{keyId:guid}"] = Admins,
        ["gateway GET /api/events/stream"] = Staff,
        ["gateway GET /{**path}"] = Anyone,
        ["gateway * /health"] = Anyone,
        ["gateway * /alive"] = Anyone,
        ["gateway POST /api/leads"] = Forwarded,
        ["gateway POST /api/leads/batch"] = Forwarded,
        ["gateway POST /api/traffic"] = Forwarded,
        ["gateway * /api/leads/{leadId}/activities"] = Forwarded,
        ["gateway * /api/leads/{leadId}/outcome"] = Forwarded,
        ["gateway POST /api/leads/{leadId}/flags"] = Forwarded,
        ["gateway * /api/leads/{leadId}/reassign"] = Forwarded,
        ["gateway GET /api/leads/{**rest}"] = Forwarded,
        ["gateway * /api/reports/{**rest}"] = Forwarded,
        ["gateway * /api/scoring/{**rest}"] = Forwarded,
        ["gateway * /api/sales-reps/{**rest}"] = Forwarded,
        ["gateway * /api/assignment/{**rest}"] = Forwarded,
        ["gateway * /api/followups/{**rest}"] = Forwarded,
    };

    static AuthorizationMatrixTests()
    {
        foreach (var service in Services)
        {
            Expected[$"{service} * /health"] = Health;
            Expected[$"{service} * /alive"] = Health;
        }
    }

    /// <summary>One line of a logged route table (ServiceDefaults' RouteRule).</summary>
    private sealed record LoggedRoute(string Method, string Route, string Access, string[] Roles, string[] Policies);

    private sealed record Probe(string Resource, string Method, string Route, string Caller, Rule Rule, bool OwnerCheck = false, bool Owner = true);

    [Fact]
    public async Task Every_route_has_a_rule_and_every_role_gets_exactly_what_the_rule_allows()
    {
        var started = Stopwatch.StartNew();
        var routes = await RunningRoutesAsync();
        var unexpected = routes.Keys.Where(k => !Expected.ContainsKey(k)).Order().ToList();
        var gone = Expected.Keys.Where(k => !routes.ContainsKey(k)).Order().ToList();
        Assert.True(unexpected.Count == 0 && gone.Count == 0,
            $"Routes without a rule in {nameof(Expected)}: {Describe(unexpected, routes)}\nRules for routes no process maps: {string.Join(", ", gone)}");

        var (leadId, ownerRepId, otherRepId) = await OwnedLeadAsync();
        var tokens = new Dictionary<string, string?>
        {
            [Admin] = fixture.AdminToken,
            [Marketing] = await Users.CreateAsync(fixture, Marketing),
            [Manager] = await Users.CreateAsync(fixture, Manager),
            [Rep] = await Users.CreateAsync(fixture, Rep, ownerRepId),
            ["other " + Rep] = await Users.CreateAsync(fixture, Rep, otherRepId),
        };
        var clients = tokens.ToDictionary(t => t.Key, t => fixture.Client(t.Value));
        clients[Tool] = fixture.Client(apiKey: fixture.App.Secrets.ApiKey);
        clients[Anonymous] = fixture.Client();

        var probes = new List<Probe>();
        foreach (var (key, rule) in Expected.Where(e => !e.Value.Proxied).OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            var (resource, method, route) = Split(key);
            // Open to anyone: the anonymous call says it all (and the processes' own health endpoints take no API key).
            var callers = rule.Allows(Anonymous) ? [Anonymous] : Callers;
            probes.AddRange(callers.Select(caller => new Probe(resource, method, route, caller, rule)));
            if (rule.Owned != Owned.Nothing)
            {
                probes.Add(new Probe(resource, method, route, "other " + Rep, rule, OwnerCheck: true, Owner: false));
                probes.Add(new Probe(resource, method, route, Rep, rule, OwnerCheck: true, Owner: true));
            }
        }

        var failures = new ConcurrentBag<string>();
        // The role matrix first, in parallel; then the owner checks in order (the owner's outcome closes the lead).
        await Parallel.ForEachAsync(probes.Where(p => !p.OwnerCheck), new ParallelOptions { MaxDegreeOfParallelism = 6 }, async (probe, _) =>
        {
            if (await CheckAsync(probe, clients, leadId, ownerRepId) is { } failure) failures.Add(failure);
        });
        foreach (var probe in probes.Where(p => p.OwnerCheck).OrderBy(p => p.Route.EndsWith("/outcome", StringComparison.Ordinal)))
        {
            if (await CheckAsync(probe, clients, leadId, ownerRepId) is { } failure) failures.Add(failure);
        }
        await WaitForRebuildToFinishAsync();
        foreach (var client in clients.Values) client.Dispose();

        output.WriteLine($"{routes.Count} routes ({Expected.Count(e => e.Value.Proxied)} of them gateway forwards), {probes.Count} requests, {started.Elapsed.TotalSeconds:F0} s");
        Assert.True(failures.IsEmpty, $"{failures.Count} of {probes.Count} requests got the wrong answer:\n{string.Join("\n", failures.Order())}");
    }

    /// <summary>Null when the answer fits the rule, else what went wrong.</summary>
    private async Task<string?> CheckAsync(Probe probe, Dictionary<string, HttpClient> clients, Guid leadId, Guid ownerRepId)
    {
        var path = Concrete(probe.Route, probe.Rule.Owned, leadId, ownerRepId);
        var body = probe.OwnerCheck || probe.Rule.Owned == Owned.RepRecord ? probe.Rule.OwnerBody : null;
        var status = await SendAsync(probe, clients, path, body);
        if (probe.OwnerCheck && probe.Owner && probe.Rule.Owned == Owned.Lead)
        {
            // The lead's owner reaches each service by its own event (LeadAssigned): give the slowest a moment.
            for (var attempt = 0; attempt < 40 && status == HttpStatusCode.NotFound; attempt++)
            {
                await Task.Delay(250);
                status = await SendAsync(probe, clients, path, body);
            }
        }

        string expected;
        bool ok;
        if (probe.OwnerCheck && !probe.Owner)
        {
            var refusal = probe.Rule.Owned == Owned.Lead ? HttpStatusCode.NotFound : HttpStatusCode.Forbidden;
            (expected, ok) = ($"{(int)refusal} (not the owner)", status == refusal);
        }
        else if (probe.OwnerCheck)
        {
            (expected, ok) = ("anything but 401/403/404 (the owner)", status is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden or HttpStatusCode.NotFound));
        }
        else if (probe.Rule.Allows(probe.Caller))
        {
            (expected, ok) = ("anything but 401/403", status is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden));
        }
        else
        {
            var refusal = probe.Caller == Anonymous ? HttpStatusCode.Unauthorized : HttpStatusCode.Forbidden;
            (expected, ok) = (((int)refusal).ToString(), status == refusal);
        }
        return ok ? null : $"{probe.Caller,-17} {probe.Method} {path} ({probe.Resource} {probe.Route}): {(int)status}, expected {expected}";
    }

    private async Task<HttpStatusCode> SendAsync(Probe probe, Dictionary<string, HttpClient> clients, string path, object? body)
    {
        var method = probe.Method == "*" ? "GET" : probe.Method;
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method is "POST" or "PUT" or "PATCH")
            request.Content = body is null ? new StringContent("{ not json", Encoding.UTF8, "application/json") : JsonContent.Create(body);
        if (probe.Rule.Direct)
        {
            using var direct = fixture.App.CreateHttpClient(probe.Resource);
            using var answer = await direct.SendAsync(request);
            return answer.StatusCode;
        }
        // Headers only: the live stream never ends.
        using var response = await clients[probe.Caller].SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        return response.StatusCode;
    }

    /// <summary>A request path for a route pattern: the owned lead or rep record where the rule is about owning it, unknown ids elsewhere.</summary>
    private static string Concrete(string route, Owned owned, Guid leadId, Guid ownerRepId)
    {
        var path = RouteParameter().Replace(route, m => m.Groups["name"].Value switch
        {
            "leadId" => (owned == Owned.Lead ? leadId : Guid.NewGuid()).ToString(),
            "repId" => (owned == Owned.RepRecord ? ownerRepId : Guid.NewGuid()).ToString(),
            "version" => "999999",
            "year" => "2099",
            "token" => "not-a-signed-link",
            _ when m.Value.StartsWith("{**", StringComparison.Ordinal) => "",
            _ => Guid.NewGuid().ToString(),
        });
        return path.Length > 1 ? path.TrimEnd('/') : path;
    }

    [GeneratedRegex(@"\{\**(?<name>\w+)(:[^}]*)?\}")]
    private static partial Regex RouteParameter();

    /// <summary>"resource METHOD route" → the logged line, for every process of the set (replicas log the same table).</summary>
    private async Task<Dictionary<string, LoggedRoute>> RunningRoutesAsync()
    {
        var routes = new Dictionary<string, LoggedRoute>();
        foreach (var resource in Services.Append("gateway"))
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            string? line;
            while ((line = fixture.App.Logs(resource).LastOrDefault(l => l.Contains(RouteTableMarker, StringComparison.Ordinal))) is null && DateTime.UtcNow < deadline)
                await Task.Delay(250);
            Assert.True(line is not null, $"{resource} logged no route table (ServiceDefaults' MapDefaultEndpoints logs one at startup)");
            var table = JsonSerializer.Deserialize<LoggedRoute[]>(line[(line.IndexOf(RouteTableMarker, StringComparison.Ordinal) + RouteTableMarker.Length - 1)..], SmarketingFixture.Json)!;
            foreach (var route in table) routes[$"{resource} {route.Method} {route.Route}"] = route;
        }
        return routes;
    }

    private const string RouteTableMarker = "Route table: [";

    private static (string Resource, string Method, string Route) Split(string key)
    {
        var parts = key.Split(' ', 3);
        return (parts[0], parts[1], parts[2]);
    }

    private static string Describe(IEnumerable<string> keys, Dictionary<string, LoggedRoute> routes) =>
        string.Join(", ", keys.Select(k => $"{k} ({routes[k].Access}{(routes[k].Roles.Length > 0 ? ": " + string.Join("/", routes[k].Roles) : "")})"));

    /// <summary>A fresh hot lead, once its owner is known to follow-up, and another rep who does not own it.</summary>
    private async Task<(Guid LeadId, Guid OwnerRepId, Guid OtherRepId)> OwnedLeadAsync()
    {
        using var captured = await fixture.PostLeadAsync(Leads.Hot("authorization-matrix"));
        var leadId = (await SmarketingFixture.ReadJsonAsync(captured))["leadId"]!.GetValue<Guid>();
        var lead = await fixture.WaitForLeadAsync(leadId, l => l["owner"] is not null && l["followUps"]!.AsArray().Count >= 5);
        var ownerRepId = lead["owner"]!["repId"]!.GetValue<Guid>();
        var reps = await fixture.Gateway.GetFromJsonAsync<JsonArray>("/api/sales-reps");
        return (leadId, ownerRepId, reps!.Select(r => r!["repId"]!.GetValue<Guid>()).First(id => id != ownerRepId));
    }

    /// <summary>The admin's request started a read-model rebuild: the next test that starts one must not find it still running.</summary>
    private async Task WaitForRebuildToFinishAsync()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (DateTime.UtcNow < deadline)
        {
            var status = await fixture.Gateway.GetFromJsonAsync<JsonObject>("/api/reports/rebuild");
            if (status!["state"]!.GetValue<string>() != "running") return;
            await Task.Delay(500);
        }
    }
}
