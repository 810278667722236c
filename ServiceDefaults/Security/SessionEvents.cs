using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Smarketing.ServiceDefaults.Security;

/// <summary>The JwtBearer events that make a well-signed token count only while its session does.</summary>
internal static class SessionEvents
{
    public static async Task OnTokenValidatedAsync(TokenValidatedContext context)
    {
        var check = context.HttpContext.RequestServices.GetRequiredService<SessionCheck>();
        switch (await check.CheckAsync(context.Principal!))
        {
            case SessionVerdict.Ended:
                context.Fail("The session has ended (signed out, deactivated, or the role changed): sign in or refresh.");
                break;
            case SessionVerdict.Unknown:
                // Fail closed: without Redis nobody can tell a fired rep's token from a good one (see the README's security section).
                context.Fail(new SessionStateUnavailableException());
                break;
        }
    }

    /// <summary>An unknown session state is the platform's fault, not the caller's: 503 (retry), not 401 (sign in again).</summary>
    public static async Task OnChallengeAsync(JwtBearerChallengeContext context)
    {
        if (context.AuthenticateFailure is not SessionStateUnavailableException) return;
        context.HandleResponse();
        var response = context.Response;
        response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        response.Headers.RetryAfter = "2";
        var problems = context.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context.HttpContext,
            ProblemDetails = { Status = StatusCodes.Status503ServiceUnavailable, Title = "Sessions cannot be checked right now; retry in a moment." },
        });
    }
}
