using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using Smarketing.Pipeline.Bench.Reporting;

namespace Smarketing.Pipeline.Bench.Pipeline;

/// <summary>Live counters of the step being sent, for the progress line.</summary>
internal sealed class SendProgress
{
    public long Sent, Failed, Accepted, InFlight, Misses;
}

internal sealed record SendResult(long Planned, bool StoppedEarly, long Sent, long Failed, long Misses, long LeadsAccepted, double Seconds,
    DateTime StartedAt, DateTime EndedAt, LatencyStats Http, IReadOnlyList<string> SampleErrors);

/// <summary>
/// Open-loop load: requests leave on a fixed schedule whatever the answers, as leads arrive in real life, so a slow
/// platform shows as latency and backlog instead of slowing the generator down (a closed loop would hide it). A request
/// whose time comes while <c>inFlightLimit</c> are still unanswered is not sent and counted as a miss.
/// </summary>
internal sealed class LoadGenerator(HttpClient http, HotLeads leads, LeadLedger ledger)
{
    public async Task<SendResult> RunAsync(int step, StepKind kind, double leadsPerSecond, int batchSize, TimeSpan duration,
        int inFlightLimit, SendProgress progress, Func<TimeSpan, bool> hopeless, CancellationToken ct)
    {
        var perRequest = kind == StepKind.Single ? 1 : batchSize;
        var requestsPerSecond = leadsPerSecond / perRequest;
        var planned = Math.Max(1, (long)Math.Round(requestsPerSecond * duration.TotalSeconds));
        var interval = Stopwatch.Frequency / requestsPerSecond;
        var latencies = new ConcurrentBag<double>();
        var errors = new ConcurrentQueue<string>();
        var requests = new List<Task>((int)Math.Min(planned, 1_000_000));

        var startedAt = DateTime.UtcNow;
        var start = Stopwatch.GetTimestamp();
        long next = 0;
        var stoppedEarly = false;
        while (next < planned)
        {
            ct.ThrowIfCancellationRequested();
            var now = Stopwatch.GetTimestamp();
            if (hopeless(Stopwatch.GetElapsedTime(start)))
            {
                // Clearly behind already: more load only lengthens the drain before the next step.
                stoppedEarly = true;
                break;
            }
            var due = start + (long)(next * interval);
            if (now < due)
            {
                var wait = TimeSpan.FromSeconds((double)(due - now) / Stopwatch.Frequency);
                await Task.Delay(wait < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : wait, ct);
                continue;
            }
            // Everything due by now goes out now (the timer wakes about every millisecond).
            while (next < planned && start + (long)(next * interval) <= now)
            {
                next++;
                if (Interlocked.Read(ref progress.InFlight) >= inFlightLimit)
                {
                    Interlocked.Increment(ref progress.Misses);
                    continue;
                }
                Interlocked.Increment(ref progress.InFlight);
                requests.Add(kind == StepKind.Single
                    ? SendOneAsync(step, progress, latencies, errors, ct)
                    : SendBatchAsync(step, batchSize, progress, latencies, errors, ct));
            }
        }
        var endedAt = DateTime.UtcNow;
        var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        await Task.WhenAll(requests);
        return new SendResult(stoppedEarly ? next : planned, stoppedEarly, progress.Sent, progress.Failed, progress.Misses, progress.Accepted, stoppedEarly ? seconds : Math.Max(seconds, duration.TotalSeconds),
            startedAt, endedAt, LatencyStats.From(latencies), errors.Take(5).ToList());
    }

    private async Task SendOneAsync(int step, SendProgress progress, ConcurrentBag<double> latencies, ConcurrentQueue<string> errors, CancellationToken ct)
    {
        await Task.Yield();
        var (_, json) = leads.Next();
        var sentAt = DateTime.UtcNow;
        var started = Stopwatch.GetTimestamp();
        Interlocked.Increment(ref progress.Sent);
        try
        {
            using var content = new StringContent(json, Encoding.UTF8, "application/json");
            using var response = await http.PostAsync("/api/leads", content, ct);
            var body = await response.Content.ReadAsByteArrayAsync(ct);
            latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            if (response.StatusCode != HttpStatusCode.Accepted)
            {
                Fail(progress, errors, $"POST /api/leads: {(int)response.StatusCode} {Encoding.UTF8.GetString(body)}");
                return;
            }
            using var answer = JsonDocument.Parse(body);
            ledger.Accepted(answer.RootElement.GetProperty("leadId").GetGuid(), step, sentAt);
            Interlocked.Increment(ref progress.Accepted);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            Fail(progress, errors, $"POST /api/leads: {ex.GetType().Name} {ex.Message}");
        }
        finally
        {
            Interlocked.Decrement(ref progress.InFlight);
        }
    }

    private async Task SendBatchAsync(int step, int size, SendProgress progress, ConcurrentBag<double> latencies, ConcurrentQueue<string> errors, CancellationToken ct)
    {
        await Task.Yield();
        var json = leads.Batch(size, []);
        var sentAt = DateTime.UtcNow;
        var started = Stopwatch.GetTimestamp();
        Interlocked.Increment(ref progress.Sent);
        try
        {
            using var content = new StringContent(json, Encoding.UTF8, "application/json");
            using var response = await http.PostAsync("/api/leads/batch", content, ct);
            var body = await response.Content.ReadAsByteArrayAsync(ct);
            latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                Fail(progress, errors, $"POST /api/leads/batch: {(int)response.StatusCode} {Encoding.UTF8.GetString(body)}");
                return;
            }
            using var answer = JsonDocument.Parse(body);
            var refused = 0;
            foreach (var item in answer.RootElement.GetProperty("results").EnumerateArray())
            {
                if (item.GetProperty("status").GetInt32() != 202)
                {
                    refused++;
                    continue;
                }
                ledger.Accepted(item.GetProperty("leadId").GetGuid(), step, sentAt);
                Interlocked.Increment(ref progress.Accepted);
            }
            if (refused > 0) Fail(progress, errors, $"POST /api/leads/batch: {refused} of {size} items not accepted: {Encoding.UTF8.GetString(body)[..Math.Min(300, body.Length)]}");
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            Fail(progress, errors, $"POST /api/leads/batch: {ex.GetType().Name} {ex.Message}");
        }
        finally
        {
            Interlocked.Decrement(ref progress.InFlight);
        }
    }

    private static void Fail(SendProgress progress, ConcurrentQueue<string> errors, string error)
    {
        Interlocked.Increment(ref progress.Failed);
        if (errors.Count < 5) errors.Enqueue(error.Length > 400 ? error[..400] : error);
    }
}
