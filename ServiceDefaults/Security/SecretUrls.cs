using System.Diagnostics;
using Microsoft.AspNetCore.Http;

namespace Smarketing.ServiceDefaults.Security;

/// <summary>
/// URLs that carry a secret: the one-tap touch links (a signed token as the last path segment) and the live stream
/// (?access_token=, since a browser's EventSource cannot send headers). Traces record them in their redacted form.
/// </summary>
public static class SecretUrls
{
    public const string TouchLinkPath = "/api/followups/go/";
    public const string AccessTokenParameter = "access_token";
    public const string Redacted = "Redacted";

    public static string RedactPath(string path) =>
        path.StartsWith(TouchLinkPath, StringComparison.OrdinalIgnoreCase) ? TouchLinkPath + Redacted : path;

    /// <summary>For the ASP.NET Core instrumentation's enrich hook: runs after it has set the url.* tags.</summary>
    public static void RedactServerSpan(Activity activity, HttpRequest request)
    {
        var path = request.Path.Value ?? "";
        if (RedactPath(path) is var redacted && redacted != path) activity.SetTag("url.path", redacted);
        if (request.Query.ContainsKey(AccessTokenParameter)) activity.SetTag("url.query", $"{AccessTokenParameter}={Redacted}");
    }

    /// <summary>For the HttpClient instrumentation's enrich hook (the gateway forwards touch links to the follow-up service).</summary>
    public static void RedactClientSpan(Activity activity, HttpRequestMessage request)
    {
        if (request.RequestUri is not { IsAbsoluteUri: true } uri) return;
        var redacted = RedactPath(uri.AbsolutePath);
        if (redacted != uri.AbsolutePath) activity.SetTag("url.full", $"{uri.GetLeftPart(UriPartial.Authority)}{redacted}");
    }
}
