using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;

namespace Smarketing.ServiceDefaults.Resilience;

/// <summary>
/// A request that failed because a dependency is away (the database restarting, Redis or a downstream service
/// unreachable) is answered 503 problem+json with Retry-After, so a client knows to send it again, with the same event
/// id, which is answered as new or as a duplicate and never stored twice. Any other failure stays a 500, with a body too.
/// </summary>
public sealed class DependencyUnavailableHandler(IProblemDetailsService problems, ILogger<DependencyUnavailableHandler> logger) : IExceptionHandler
{
    /// <summary>Seconds a client should wait: about what a crashed PostgreSQL backend or a restarted service needs.</summary>
    public const int RetryAfterSeconds = 5;

    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken ct)
    {
        if (!TransientFailures.IsTransient(exception) || context.Response.HasStarted) return false;
        logger.LogWarning("{Method} {Path} answered 503: a dependency is unavailable ({Error})", context.Request.Method, context.Request.Path,
            exception.GetBaseException().Message);
        await WriteAsync(context, problems, "A service this request needs is unavailable.",
            $"Send the same request again after {RetryAfterSeconds} s: a lead sent again with the same eventId is stored once.");
        return true;
    }

    /// <summary>The 503 answer, also for the gateway when a service behind it cannot be reached.</summary>
    public static async Task WriteAsync(HttpContext context, IProblemDetailsService problems, string title, string detail)
    {
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString();
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails { Status = StatusCodes.Status503ServiceUnavailable, Title = title, Detail = detail },
        });
    }
}
