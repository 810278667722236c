using Smarketing.Gateway.Identity;

namespace Smarketing.Gateway;

/// <summary>
/// A request with X-Api-Key is a marketing tool: the key must exist and not be revoked (else 401), its
/// token bucket must have room (else 429 with Retry-After), and it then travels downstream as a short-lived
/// capture_tool token that the services validate and authorise themselves. The key itself goes no further.
/// </summary>
public sealed class ApiKeyMiddleware(RequestDelegate next, ApiKeyStore keys, TokenBucket buckets, TokenService tokens)
{
    public const string HeaderName = "X-Api-Key";

    public async Task InvokeAsync(HttpContext context)
    {
        var presented = context.Request.Headers[HeaderName].ToString();
        // A bearer token is a signed-in person and speaks for itself; the key is only for tools without one.
        if (presented.Length == 0 || context.Request.Headers.Authorization.Count > 0)
        {
            await next(context);
            return;
        }
        context.Request.Headers.Remove(HeaderName);

        var key = await keys.FindActiveAsync(presented, context.RequestAborted);
        if (key is null)
        {
            await Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "The API key is not valid or has been revoked.")
                .ExecuteAsync(context);
            return;
        }

        var decision = await buckets.TakeAsync(key.Id.ToString("N"), key.PermitsPerSecond, key.Burst);
        if (!decision.Allowed)
        {
            var seconds = Math.Max(1, (int)Math.Ceiling(decision.RetryAfter.TotalSeconds));
            context.Response.Headers.RetryAfter = seconds.ToString();
            await Results.Problem(statusCode: StatusCodes.Status429TooManyRequests,
                title: $"Rate limit of {key.PermitsPerSecond}/s (burst {key.Burst}) reached for API key '{key.Name}'.",
                detail: $"Retry after {seconds} s.").ExecuteAsync(context);
            return;
        }

        context.Request.Headers.Authorization = "Bearer " + tokens.ForApiKey(key).AccessToken;
        await next(context);
    }
}
