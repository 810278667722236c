using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;

namespace Smarketing.Gateway;

/// <summary>
/// Serves the built React application: its files (hashed assets cached for a year, index.html never), and index.html
/// for any other path outside /api so the browser's router can take a deep link or a reload.
/// </summary>
public static class WebFrontEnd
{
    public static WebApplication MapWebFrontEnd(this WebApplication app)
    {
        var root = app.Services.GetRequiredService<IOptions<GatewayOptions>>().Value.WebRoot;
        if (string.IsNullOrEmpty(root) || !File.Exists(Path.Combine(root, "index.html")))
        {
            app.Logger.LogWarning("No web front end at {WebRoot}; serving the API only (run `make build`)", root ?? "(not set)");
            return app;
        }
        var files = new PhysicalFileProvider(Path.GetFullPath(root));
        var index = files.GetFileInfo("index.html");

        app.MapGet("/{**path}", (HttpContext http, string? path) =>
        {
            if (path is not null && (path.StartsWith("api/", StringComparison.OrdinalIgnoreCase) || path.Equals("api", StringComparison.OrdinalIgnoreCase)))
                return Results.NotFound();
            var file = string.IsNullOrEmpty(path) ? index : files.GetFileInfo(path);
            if (!file.Exists || file.IsDirectory) file = index;
            var immutable = file != index && path!.StartsWith("assets/", StringComparison.Ordinal);
            http.Response.Headers.CacheControl = immutable ? "public, max-age=31536000, immutable" : "no-cache";
            return Results.File(file.PhysicalPath!, ContentType(file.Name));
        }).AllowAnonymous().WithOrder(int.MaxValue);
        return app;
    }

    private static string ContentType(string name) => Path.GetExtension(name).ToLowerInvariant() switch
    {
        ".html" => "text/html; charset=utf-8",
        ".js" or ".mjs" => "text/javascript; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".json" or ".map" => "application/json",
        ".svg" => "image/svg+xml",
        ".png" => "image/png",
        ".ico" => "image/x-icon",
        ".woff2" => "font/woff2",
        ".txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    };
}
