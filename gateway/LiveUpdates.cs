using System.Security.Claims;
using System.Text.Json;
using System.Threading.Channels;
using MassTransit;
using Smarketing.Contracts;
using Smarketing.ServiceDefaults.Security;

namespace Smarketing.Gateway;

/// <summary>One push to the screens: an event name and the lead (and reps) it concerns.</summary>
public sealed record LiveEvent(string Name, Guid LeadId, Guid? RepId, Guid? PreviousRepId, DateTime At);

/// <summary>
/// The open live streams of this gateway replica. A sales rep hears only about leads they own or just lost; managers,
/// marketing and admins hear everything. A slow browser drops its oldest pushes rather than holding the others up.
/// </summary>
public sealed class LiveUpdateHub
{
    private readonly Lock _gate = new();
    private readonly List<Subscriber> _subscribers = [];

    public sealed class Subscriber(Guid? onlyRep) : IDisposable
    {
        internal Action<Subscriber>? OnDispose;
        public Guid? OnlyRep => onlyRep;
        public Channel<LiveEvent> Events { get; } = Channel.CreateBounded<LiveEvent>(new BoundedChannelOptions(256) { FullMode = BoundedChannelFullMode.DropOldest });
        public void Dispose() => OnDispose?.Invoke(this);
    }

    public int Count { get { lock (_gate) return _subscribers.Count; } }

    public Subscriber Subscribe(ClaimsPrincipal user)
    {
        var subscriber = new Subscriber(user.IsSalesRep() ? user.RepId() ?? Guid.Empty : null) { OnDispose = Remove };
        lock (_gate) _subscribers.Add(subscriber);
        return subscriber;
    }

    public void Publish(LiveEvent e)
    {
        lock (_gate)
        {
            foreach (var s in _subscribers)
            {
                if (s.OnlyRep is { } rep && rep != e.RepId && rep != e.PreviousRepId) continue;
                s.Events.Writer.TryWrite(e);
            }
        }
    }

    private void Remove(Subscriber subscriber)
    {
        lock (_gate) _subscribers.Remove(subscriber);
    }
}

/// <summary>
/// Hears the events the screens care about on a queue of its own (temporary, one per gateway replica, so every
/// replica hears every event) and hands them to the hub. Losing one on a restart only delays a refresh.
/// </summary>
public sealed class LiveUpdateConsumer(LiveUpdateHub hub, TimeProvider clock) :
    IConsumer<LeadViewChanged>, IConsumer<FollowUpDue>, IConsumer<FollowUpOverdue>, IConsumer<FollowUpScheduled>
{
    public Task Consume(ConsumeContext<LeadViewChanged> context)
    {
        var e = context.Message;
        var name = e.OwnerRepId != e.PreviousOwnerRepId && e.OwnerRepId is not null ? "lead-assigned" : "lead-updated";
        hub.Publish(new LiveEvent(name, e.LeadId, e.OwnerRepId, e.PreviousOwnerRepId, e.ChangedAt));
        return Task.CompletedTask;
    }

    public Task Consume(ConsumeContext<FollowUpDue> context)
    {
        hub.Publish(new LiveEvent("followup-due", context.Message.LeadId, context.Message.RepId, null, clock.GetUtcNow().UtcDateTime));
        return Task.CompletedTask;
    }

    public Task Consume(ConsumeContext<FollowUpOverdue> context)
    {
        hub.Publish(new LiveEvent("followup-overdue", context.Message.LeadId, context.Message.RepId, null, clock.GetUtcNow().UtcDateTime));
        return Task.CompletedTask;
    }

    public Task Consume(ConsumeContext<FollowUpScheduled> context)
    {
        hub.Publish(new LiveEvent("followup-scheduled", context.Message.LeadId, context.Message.RepId, null, clock.GetUtcNow().UtcDateTime));
        return Task.CompletedTask;
    }
}

public static class LiveUpdatesApi
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>How often an open stream re-checks its session; with SessionCheck's cache a revoked one closes within about 5 s.</summary>
    private static readonly TimeSpan RecheckEvery = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan KeepAliveEvery = TimeSpan.FromSeconds(15);

    /// <summary>
    /// GET /api/events/stream: server-sent events for any signed-in staff member (the web app's cookie, a bearer
    /// header, or ?access_token= for API clients' EventSource). A comment every 15 s keeps proxies from closing it.
    /// The stream ends when its session does (sign-out, deactivation, role change) or its access token expires; the
    /// browser then reconnects with its current cookie, or is refused.
    /// </summary>
    public static IEndpointRouteBuilder MapLiveUpdates(this IEndpointRouteBuilder app)
    {
        app.MapGet(AuthenticationExtensions.LiveStreamPath, async (HttpContext http, LiveUpdateHub hub, SessionCheck sessions, TimeProvider clock,
            CancellationToken ct) =>
        {
            http.Response.Headers.ContentType = "text/event-stream";
            http.Response.Headers.CacheControl = "no-cache";
            http.Response.Headers["X-Accel-Buffering"] = "no";
            var expires = long.TryParse(http.User.FindFirst("exp")?.Value, out var exp) ? DateTimeOffset.FromUnixTimeSeconds(exp) : DateTimeOffset.MaxValue;
            using var subscriber = hub.Subscribe(http.User);
            await http.Response.WriteAsync("retry: 2000\n: connected\n\n", ct);
            await http.Response.Body.FlushAsync(ct);
            var reader = subscriber.Events.Reader;
            var quietSince = clock.GetUtcNow();
            var checkedAt = quietSince;
            try
            {
                while (!ct.IsCancellationRequested)
                {
                    using var beat = CancellationTokenSource.CreateLinkedTokenSource(ct);
                    beat.CancelAfter(RecheckEvery);
                    try
                    {
                        var e = await reader.ReadAsync(beat.Token);
                        await http.Response.WriteAsync($"event: {e.Name}\ndata: {JsonSerializer.Serialize(e, Json)}\n\n", ct);
                        quietSince = clock.GetUtcNow();
                    }
                    catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                    {
                        if (clock.GetUtcNow() - quietSince >= KeepAliveEvery)
                        {
                            await http.Response.WriteAsync(": keep-alive\n\n", ct);
                            quietSince = clock.GetUtcNow();
                        }
                    }
                    await http.Response.Body.FlushAsync(ct);

                    var now = clock.GetUtcNow();
                    if (now - checkedAt < RecheckEvery) continue;
                    checkedAt = now;
                    if (now < expires && await sessions.CheckAsync(http.User) == SessionVerdict.Live) continue;
                    await http.Response.WriteAsync("event: session-ended\ndata: {}\n\n", ct);
                    await http.Response.Body.FlushAsync(ct);
                    return;
                }
            }
            catch (OperationCanceledException)
            {
                // The browser went away.
            }
        }).RequireAuthorization(Policies.Staff);
        return app;
    }
}
