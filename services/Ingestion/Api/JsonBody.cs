using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Smarketing.Ingestion.Api;

/// <summary>Reads a JSON body with a size limit, turning oversized (413) and malformed (400) bodies into problem details.</summary>
public static class JsonBody
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// How much of an oversized body of unknown length is still read (and dropped) before the 413: the gateway is then
    /// done sending it and passes the answer on. A connection closed mid-body would reach the client as 502 instead.
    /// Beyond this, Kestrel stops reading and closes the connection.
    /// </summary>
    public const long DrainBytes = 1024 * 1024;

    public static async Task<(T? Body, ProblemHttpResult? Problem)> ReadAsync<T>(HttpRequest request, long maxBytes, CancellationToken ct)
        where T : class
    {
        if (request.ContentLength > maxBytes) return (null, TooLarge(maxBytes));
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = maxBytes + DrainBytes;
        }
        if (!request.HasJsonContentType())
        {
            return (null, TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType,
                title: "The body must be JSON (Content-Type: application/json)."));
        }
        var bounded = new BoundedStream(request.Body, maxBytes);
        try
        {
            var body = await JsonSerializer.DeserializeAsync<T>(bounded, Options, ct);
            return body is null
                ? (null, TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The body is empty."))
                : (body, null);
        }
        catch (JsonException ex)
        {
            return (null, TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest,
                title: "The body is not valid JSON.", detail: ex.Message));
        }
        catch (BodyTooLargeException)
        {
            await DrainAsync(request.Body, ct);
            return (null, TooLarge(maxBytes));
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, TooLarge(maxBytes));
        }
    }

    /// <summary>One item of a JSON array read on its own: the item, or its errors by field (null when it is JSON null).</summary>
    public static (T? Item, Dictionary<string, string[]>? Errors) ReadItem<T>(JsonElement element) where T : class
    {
        if (element.ValueKind == JsonValueKind.Null) return (null, null);
        if (element.ValueKind != JsonValueKind.Object)
            return (null, new() { ["lead"] = [$"The item must be a JSON object, not {element.ValueKind.ToString().ToLowerInvariant()}."] });
        try
        {
            return (element.Deserialize<T>(Options), null);
        }
        catch (JsonException ex)
        {
            var field = ex.Path is { Length: > 2 } path ? path[2..] : "lead";
            return (null, new() { [field] = [$"{field} does not have the expected JSON type."] });
        }
    }

    private static async Task DrainAsync(Stream body, CancellationToken ct)
    {
        try
        {
            await body.CopyToAsync(Stream.Null, ct);
        }
        catch (BadHttpRequestException)
        {
            // Past DrainBytes: Kestrel closes the connection after the answer.
        }
    }

    private static ProblemHttpResult TooLarge(long maxBytes) =>
        TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge,
            title: $"The body is larger than {maxBytes / 1024} KiB.");
}

/// <summary>The body went past the endpoint's limit.</summary>
internal sealed class BodyTooLargeException() : Exception("The request body is larger than this endpoint takes.");

/// <summary>Reads a body until more than <paramref name="maxBytes"/> came, then throws <see cref="BodyTooLargeException"/>.</summary>
internal sealed class BoundedStream(Stream inner, long maxBytes) : Stream
{
    private long _read;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => _read; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Count(await inner.ReadAsync(buffer, cancellationToken));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    private int Count(int read)
    {
        _read += read;
        if (_read > maxBytes) throw new BodyTooLargeException();
        return read;
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
