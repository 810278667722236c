using System.Text;
using Microsoft.AspNetCore.Http;
using Smarketing.Ingestion.Api;

namespace Smarketing.Ingestion.Tests;

public class JsonBodyTests
{
    private sealed record Note(string Text);

    private static HttpRequest Request(string json, bool knownLength)
    {
        var context = new DefaultHttpContext();
        var bytes = Encoding.UTF8.GetBytes(json);
        context.Request.Body = new MemoryStream(bytes);
        context.Request.ContentType = "application/json";
        context.Request.ContentLength = knownLength ? bytes.Length : null;
        return context.Request;
    }

    [Fact]
    public async Task An_oversized_body_of_unknown_length_is_read_to_its_end_then_refused_with_413()
    {
        // Read to the end, the gateway has sent all of it and passes the 413 on, instead of a 502 for a connection closed mid-body.
        var request = Request($$"""{ "text": "{{new string('x', 70_000)}}" }""", knownLength: false);

        var (body, problem) = await JsonBody.ReadAsync<Note>(request, 64 * 1024, CancellationToken.None);

        Assert.Null(body);
        Assert.Equal(StatusCodes.Status413PayloadTooLarge, problem!.ProblemDetails.Status);
        Assert.Equal(request.Body.Length, request.Body.Position);
    }

    [Fact]
    public async Task A_declared_length_over_the_limit_is_refused_before_reading()
    {
        var request = Request($$"""{ "text": "{{new string('x', 70_000)}}" }""", knownLength: true);

        var (_, problem) = await JsonBody.ReadAsync<Note>(request, 64 * 1024, CancellationToken.None);

        Assert.Equal(StatusCodes.Status413PayloadTooLarge, problem!.ProblemDetails.Status);
        Assert.Equal(0, request.Body.Position);
    }

    [Fact]
    public async Task A_body_within_the_limit_is_read_whatever_its_declared_length()
    {
        foreach (var knownLength in new[] { true, false })
        {
            var (body, problem) = await JsonBody.ReadAsync<Note>(Request("""{ "text": "Pak Budi" }""", knownLength), 64 * 1024, CancellationToken.None);

            Assert.Null(problem);
            Assert.Equal("Pak Budi", body!.Text);
        }
    }
}
