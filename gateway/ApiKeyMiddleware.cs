using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Smarketing.Gateway;

/// <summary>Capture routes need a valid X-Api-Key; anything else passes on (sign-in and roles come with the identity work).</summary>
public sealed class ApiKeyMiddleware(RequestDelegate next, IOptionsMonitor<GatewayOptions> options)
{
    public const string HeaderName = "X-Api-Key";

    public async Task InvokeAsync(HttpContext context)
    {
        if (IsCapture(context.Request) && !IsValid(context.Request.Headers[HeaderName].ToString()))
        {
            await Results.Problem(
                statusCode: StatusCodes.Status401Unauthorized,
                title: "A valid X-Api-Key header is required to send leads.").ExecuteAsync(context);
            return;
        }
        await next(context);
    }

    private static bool IsCapture(HttpRequest request) =>
        HttpMethods.IsPost(request.Method) &&
        (request.Path.Equals("/api/leads", StringComparison.OrdinalIgnoreCase) ||
         request.Path.Equals("/api/leads/batch", StringComparison.OrdinalIgnoreCase) ||
         request.Path.Equals("/api/traffic", StringComparison.OrdinalIgnoreCase));

    private bool IsValid(string presented)
    {
        if (presented.Length == 0) return false;
        var given = SHA256.HashData(Encoding.UTF8.GetBytes(presented));
        return options.CurrentValue.ApiKeys.Any(key =>
            CryptographicOperations.FixedTimeEquals(given, SHA256.HashData(Encoding.UTF8.GetBytes(key))));
    }
}
