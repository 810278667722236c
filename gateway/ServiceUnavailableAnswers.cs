using Smarketing.ServiceDefaults.Resilience;
using Yarp.ReverseProxy.Forwarder;

namespace Smarketing.Gateway;

/// <summary>
/// A service behind the gateway that cannot be reached (stopped, restarting, crashed mid-request) is answered 503
/// problem+json with Retry-After instead of YARP's empty 502/504. A request it failed during may or may not have been
/// applied: the client sends it again, and the services' idempotency (a lead's eventId) keeps it once.
/// </summary>
public static class ServiceUnavailableAnswers
{
    public static IReverseProxyApplicationBuilder UseServiceUnavailableAnswers(this IReverseProxyApplicationBuilder proxy)
    {
        // The steps the parameterless MapReverseProxy adds, which a custom pipeline must name itself.
        proxy.UseSessionAffinity();
        proxy.UseLoadBalancing();
        proxy.UsePassiveHealthChecks();
        proxy.Use(async (context, next) =>
        {
            await next();
            var failure = context.GetForwarderErrorFeature();
            // A caller that went away needs no answer; a response already under way cannot be replaced.
            if (failure is null || failure.Error == ForwarderError.RequestCanceled || context.Response.HasStarted) return;
            var service = context.GetReverseProxyFeature().Cluster.Config.ClusterId;
            context.RequestServices.GetRequiredService<ILogger<ForwarderError>>().LogWarning(
                "{Method} {Path} answered 503: the {Service} service could not be reached ({Error}: {Reason})",
                context.Request.Method, context.Request.Path, service, failure.Error, failure.Exception?.GetBaseException().Message);
            await DependencyUnavailableHandler.WriteAsync(context, context.RequestServices.GetRequiredService<IProblemDetailsService>(),
                $"The {service} service is unavailable.",
                $"Send the same request again after {DependencyUnavailableHandler.RetryAfterSeconds} s: a lead sent again with the same eventId is stored once.");
        });
        return proxy;
    }
}
