using System.Buffers;
using System.IO.Compression;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Smarketing.AppHost.Dashboard.Otlp;

/// <summary>An OTLP/HTTP request body read into memory, or the problem response explaining why it was not.</summary>
internal readonly record struct OtlpBody(byte[]? Bytes, IResult? Problem)
{
    private const string ProtobufContentType = "application/x-protobuf";

    public static async Task<OtlpBody> ReadAsync(HttpRequest request, long maxBytes, CancellationToken ct)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType)
            || !(mediaType.MediaType.Equals(ProtobufContentType, StringComparison.OrdinalIgnoreCase)
                || mediaType.MediaType.Equals("application/protobuf", StringComparison.OrdinalIgnoreCase)))
        {
            var json = mediaType?.MediaType.Value?.Contains("json", StringComparison.OrdinalIgnoreCase) == true;
            return Fail(StatusCodes.Status415UnsupportedMediaType, "Unsupported OTLP encoding", json
                ? "OTLP/JSON is not supported by this receiver: export OTLP/HTTP protobuf "
                    + "(Content-Type: application/x-protobuf, OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf)."
                : $"Expected Content-Type {ProtobufContentType}, got '{request.ContentType}'.");
        }
        if (request.ContentLength > maxBytes) return TooLarge(maxBytes);

        var encoding = request.Headers.ContentEncoding.ToString().Trim();
        var gzip = encoding.Equals("gzip", StringComparison.OrdinalIgnoreCase);
        if (!gzip && encoding.Length > 0 && !encoding.Equals("identity", StringComparison.OrdinalIgnoreCase))
        {
            return Fail(StatusCodes.Status415UnsupportedMediaType, "Unsupported Content-Encoding",
                $"'{encoding}' is not supported: send the body as is or gzip it.");
        }

        // The limit applies after decompression too, so a small gzip bomb cannot fill the AppHost's memory.
        var source = gzip ? new GZipStream(request.Body, CompressionMode.Decompress, leaveOpen: true) : request.Body;
        var chunk = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            using var buffer = new MemoryStream();
            int read;
            while ((read = await source.ReadAsync(chunk, ct)) > 0)
            {
                if (buffer.Length + read > maxBytes) return TooLarge(maxBytes);
                buffer.Write(chunk, 0, read);
            }
            return new OtlpBody(buffer.ToArray(), null);
        }
        catch (InvalidDataException)
        {
            return Fail(StatusCodes.Status400BadRequest, "Malformed gzip body", "The body is marked gzip but does not decompress.");
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
            if (gzip) await source.DisposeAsync();
        }
    }

    public static OtlpBody Fail(int status, string title, string detail) =>
        new(null, TypedResults.Problem(statusCode: status, title: title, detail: detail));

    private static OtlpBody TooLarge(long maxBytes) =>
        Fail(StatusCodes.Status413PayloadTooLarge, "OTLP body too large",
            $"The receiver accepts at most {maxBytes / (1024 * 1024)} MB per request; export smaller batches.");
}
